import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { paths, pathTo } from '../../api/paths';
import type {
  ApiToken,
  ApiTokenPage,
  CreateApiTokenRequest,
  CreateApiTokenResponse,
  UpdateApiTokenRequest,
} from '../../api/types';

export const TOKENS_PAGE_SIZE = 10;

export function useTokens(page: number) {
  const query = { page, page_size: TOKENS_PAGE_SIZE };
  return useQuery({
    queryKey: [paths.tokens, query],
    queryFn: ({ signal }) => api<ApiTokenPage>(paths.tokens, { query, signal }),
  });
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateApiTokenRequest) => api<CreateApiTokenResponse>(paths.tokens, { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [paths.tokens] }),
  });
}

export function useUpdateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (t: { id: string; name: string; status: ApiToken['status'] }) =>
      api<ApiToken>(pathTo('/bodhi/v1/tokens/{id}', { id: t.id }), {
        method: 'PUT',
        body: { name: t.name, status: t.status } satisfies UpdateApiTokenRequest,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [paths.tokens] }),
  });
}
