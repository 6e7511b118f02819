import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client';
import { paths } from '../../api/paths';
import type { LocationResponse } from '../../api/types';
import { useGoTo } from '../../lib/useGoTo';

/** POST /bodhi/v1/auth/initiate, then off to the identity provider (or home, when already logged in). */
export function useStartLogin() {
  const goTo = useGoTo();
  return useMutation({
    mutationFn: () => api<LocationResponse>(paths.authInitiate, { method: 'POST', body: {} }),
    onSuccess: ({ location }) => goTo(location),
  });
}
