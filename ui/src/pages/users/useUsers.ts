import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { paths } from '../../api/paths';
import type { UserAccessRequestList, UserList } from '../../api/types';

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
    mutationFn: (v: { userId: string; role: string }) =>
      api<void>(`${paths.users}/${encodeURIComponent(v.userId)}/role`, { method: 'PUT', body: { role: v.role } }),
    onSuccess: invalidate,
  });
}

export function useRemoveUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (userId: string) => api<void>(`${paths.users}/${encodeURIComponent(userId)}`, { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}

export function useApproveRequest() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (v: { id: number; role: string }) =>
      api<void>(`${paths.accessRequests}/${v.id}/approve`, { method: 'POST', body: { role: v.role } }),
    onSuccess: invalidate,
  });
}

export function useRejectRequest() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (id: number) => api<void>(`${paths.accessRequests}/${id}/reject`, { method: 'POST' }),
    onSuccess: invalidate,
  });
}
