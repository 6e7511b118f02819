import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { paths, pathTo } from '../../api/paths';
import type { CopyUserAliasRequest, LocalModelFilePage, UserAlias, UserAliasRequest } from '../../api/types';

const aliasPath = (id: string) => pathTo('/bodhi/v1/models/{id}', { id });

export function useUserAlias(id: string | null) {
  return useQuery({
    queryKey: [paths.models, 'user', id],
    queryFn: ({ signal }) => api<UserAlias>(aliasPath(id ?? ''), { signal }),
    enabled: !!id,
  });
}

/** The files the picker offers: the largest page the server gives (100). */
export function useModelFileChoices() {
  const query = { page: 1, page_size: 100 };
  return useQuery({
    queryKey: [paths.modelfiles, query],
    queryFn: ({ signal }) => api<LocalModelFilePage>(paths.modelfiles, { query, signal }),
  });
}

/** The alias table and the chat's model list both show user aliases. */
function useInvalidateAliases() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([paths.models, paths.oaiModels].map((p) => queryClient.invalidateQueries({ queryKey: [p] })));
}

export function useSaveUserAlias(id: string | null) {
  const invalidate = useInvalidateAliases();
  return useMutation({
    mutationFn: (body: UserAliasRequest) =>
      id
        ? api<UserAlias>(aliasPath(id), { method: 'PUT', body })
        : api<UserAlias>(paths.models, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useDeleteUserAlias() {
  const invalidate = useInvalidateAliases();
  return useMutation({
    mutationFn: (id: string) => api<void>(aliasPath(id), { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}

export function useCopyUserAlias() {
  const invalidate = useInvalidateAliases();
  return useMutation({
    mutationFn: ({ id, alias }: { id: string; alias: string }) =>
      api<UserAlias>(pathTo('/bodhi/v1/models/{id}/copy', { id }), {
        method: 'POST',
        body: { alias } satisfies CopyUserAliasRequest,
      }),
    onSuccess: invalidate,
  });
}
