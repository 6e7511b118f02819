import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { paths } from '../api/paths';
import type { UserResponse } from '../api/types';
import { useAppInfoQuery } from './useAppMode';

/** GET /bodhi/v1/user, once app/info has answered: an org error there stops the bootstrap before any other call. */
export function useUser() {
  const app = useAppInfoQuery();
  return useQuery({
    queryKey: [paths.user],
    queryFn: ({ signal }) => api<UserResponse>(paths.user, { signal }),
    enabled: app.isSuccess,
  });
}

export function isLoggedIn(user: UserResponse | undefined): boolean {
  return !!user && user.auth_status !== 'logged_out';
}

export function usernameOf(user: UserResponse | undefined): string | null {
  return user?.auth_status === 'logged_in' ? user.username : null;
}

export function roleOf(user: UserResponse | undefined): string | null {
  return user && user.auth_status !== 'logged_out' ? user.role : null;
}
