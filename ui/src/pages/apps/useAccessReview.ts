import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { pathTo } from '../../api/paths';
import type { AppAccessDecision, AppAccessReview, ApproveAppAccessRequest, ToolsetApproval } from '../../api/types';

const review = (id: string) => pathTo('/bodhi/v1/access-requests/{id}/review', { id });

export function useAccessReview(id: string) {
  return useQuery({
    queryKey: [review(id)],
    queryFn: ({ signal }) => api<AppAccessReview>(review(id), { signal }),
    enabled: !!id,
  });
}

export function useApproveApp(id: string) {
  return useMutation({
    mutationFn: (toolsetTypes: ToolsetApproval[]) =>
      api<AppAccessDecision>(pathTo('/bodhi/v1/access-requests/{id}/approve', { id }), {
        method: 'PUT',
        body: { approved: { toolset_types: toolsetTypes } } satisfies ApproveAppAccessRequest,
      }),
  });
}

export function useDenyApp(id: string) {
  return useMutation({
    mutationFn: () => api<AppAccessDecision>(pathTo('/bodhi/v1/access-requests/{id}/deny', { id }), { method: 'POST' }),
  });
}
