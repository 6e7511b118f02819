import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { paths } from '../../api/paths';
import type {
  ApiModel,
  CreateApiModelRequest,
  TestCreds,
  TestPromptResponse,
  UpdateApiModelRequest,
} from '../../api/types';

export function useApiModel(id: string | null) {
  return useQuery({
    queryKey: [paths.apiModels, id],
    queryFn: ({ signal }) => api<ApiModel>(`${paths.apiModels}/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: !!id,
  });
}

export function useApiFormats() {
  return useQuery({
    queryKey: [paths.apiFormats],
    queryFn: ({ signal }) => api<{ data: string[] }>(paths.apiFormats, { signal }),
    staleTime: Infinity,
  });
}

/** Every list that shows API models: the aliases table, the providers, the chat model picker. */
function useInvalidateModels() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all(
      [paths.models, paths.apiModels, paths.oaiModels].map((p) => queryClient.invalidateQueries({ queryKey: [p] })),
    );
}

export function useSaveApiModel(id: string | null) {
  const invalidate = useInvalidateModels();
  return useMutation({
    mutationFn: (body: CreateApiModelRequest | UpdateApiModelRequest) =>
      id
        ? api<ApiModel>(`${paths.apiModels}/${encodeURIComponent(id)}`, { method: 'PUT', body })
        : api<ApiModel>(paths.apiModels, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useDeleteApiModel() {
  const invalidate = useInvalidateModels();
  return useMutation({
    mutationFn: (id: string) => api<void>(`${paths.apiModels}/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}

export function useFetchModels() {
  return useMutation({
    mutationFn: (body: { creds: TestCreds; base_url: string }) =>
      api<{ models: string[] }>(paths.apiModelsFetch, { method: 'POST', body }),
  });
}

export function useTestPrompt() {
  return useMutation({
    mutationFn: (body: { creds: TestCreds; base_url: string; model: string; prompt: string }) =>
      api<TestPromptResponse>(paths.apiModelsTest, { method: 'POST', body }),
  });
}
