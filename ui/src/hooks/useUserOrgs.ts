import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { paths } from '../api/paths';
import type { OrgMembership } from '../api/types';
import { useUser } from './useUser';

/** GET /bodhi/v1/orgs/user-memberships, for sessions only (ui.md §5.1). */
export function useUserOrgs() {
  const user = useUser();
  return useQuery({
    queryKey: [paths.orgsMemberships],
    queryFn: ({ signal }) => api<OrgMembership[]>(paths.orgsMemberships, { signal }),
    enabled: user.data?.auth_status === 'logged_in',
    staleTime: 5 * 60_000,
  });
}
