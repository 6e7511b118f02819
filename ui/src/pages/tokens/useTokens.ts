import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { paths } from '../../api/paths';
import type { ApiToken, Paginated, TokenScope } from '../../api/types';

export const TOKENS_PAGE_SIZE = 10;

export function useTokens(page: number) {
  const query = { page, page_size: TOKENS_PAGE_SIZE };
  return useQuery({
    queryKey: [paths.tokens, query],
    queryFn: ({ signal }) => api<Paginated<ApiToken>>(paths.tokens, { query, signal }),
  });
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; scope: TokenScope }) =>
      api<{ token: string }>(paths.tokens, { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [paths.tokens] }),
  });
}

export function useUpdateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (t: { id: string; name: string; status: ApiToken['status'] }) =>
      api<ApiToken>(`${paths.tokens}/${encodeURIComponent(t.id)}`, {
        method: 'PUT',
        body: { name: t.name, status: t.status },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [paths.tokens] }),
  });
}
