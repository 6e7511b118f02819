import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { paths } from '../../api/paths';
import type { AppAccessDecision, AppAccessReview, ToolsetApproval } from '../../api/types';

const base = (id: string) => `${paths.accessRequests}/${encodeURIComponent(id)}`;

export function useAccessReview(id: string) {
  return useQuery({
    queryKey: [`${base(id)}/review`],
    queryFn: ({ signal }) => api<AppAccessReview>(`${base(id)}/review`, { signal }),
    enabled: !!id,
  });
}

export function useApproveApp(id: string) {
  return useMutation({
    mutationFn: (toolsetTypes: ToolsetApproval[]) =>
      api<AppAccessDecision>(`${base(id)}/approve`, {
        method: 'PUT',
        body: { approved: { toolset_types: toolsetTypes } },
      }),
  });
}

export function useDenyApp(id: string) {
  return useMutation({
    mutationFn: () => api<AppAccessDecision>(`${base(id)}/deny`, { method: 'POST' }),
  });
}
