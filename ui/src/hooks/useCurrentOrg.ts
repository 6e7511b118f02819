import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { paths } from '../api/paths';
import type { CurrentOrg } from '../api/types';
import { isLoggedIn, useUser } from './useUser';

/** GET /bodhi/v1/orgs/current, for a logged-in caller (session or token) (ui.md §5.1). */
export function useCurrentOrg() {
  const user = useUser();
  return useQuery({
    queryKey: [paths.orgsCurrent],
    queryFn: ({ signal }) => api<CurrentOrg>(paths.orgsCurrent, { signal }),
    enabled: isLoggedIn(user.data),
    staleTime: 5 * 60_000,
  });
}
