import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { paths, pathTo } from '../../api/paths';
import type { AssignRoleRequest, ResourceRole, UserAccessRequestList, UserList } from '../../api/types';

export const USERS_PAGE_SIZE = 10;

export function useUsers(page: number) {
  const query = { page, page_size: USERS_PAGE_SIZE };
  return useQuery({
    queryKey: [paths.users, query],
    queryFn: ({ signal }) => api<UserList>(paths.users, { query, signal }),
  });
}

/** Pending (`pending: true`) or all user access requests. */
export function useAccessRequests(pending: boolean, page: number) {
  const path = pending ? paths.accessRequestsPending : paths.accessRequests;
  const query = { page, page_size: USERS_PAGE_SIZE };
  return useQuery({
    queryKey: [path, query],
    queryFn: ({ signal }) => api<UserAccessRequestList>(path, { query, signal }),
  });
}

function useInvalidateUsers() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: [paths.users] }),
      queryClient.invalidateQueries({ queryKey: [paths.accessRequests] }),
      queryClient.invalidateQueries({ queryKey: [paths.accessRequestsPending] }),
    ]);
}

export function useChangeRole() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (v: { userId: string; role: ResourceRole }) =>
      api<void>(pathTo('/bodhi/v1/users/{user_id}/role', { user_id: v.userId }), {
        method: 'PUT',
        body: { role: v.role } satisfies AssignRoleRequest,
      }),
    onSuccess: invalidate,
  });
}

export function useRemoveUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (userId: string) =>
      api<void>(pathTo('/bodhi/v1/users/{user_id}', { user_id: userId }), { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}

export function useApproveRequest() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (v: { id: number; role: ResourceRole }) =>
      api<void>(pathTo('/bodhi/v1/access-requests/{id}/approve', { id: v.id }), {
        method: 'POST',
        body: { role: v.role } satisfies AssignRoleRequest,
      }),
    onSuccess: invalidate,
  });
}

export function useRejectRequest() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (id: number) => api<void>(pathTo('/bodhi/v1/access-requests/{id}/reject', { id }), { method: 'POST' }),
    onSuccess: invalidate,
  });
}
