import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { paths, pathTo } from '../../api/paths';
import type {
  ApiFormats,
  ApiModel,
  CreateApiModelRequest,
  FetchModelsRequest,
  FetchModelsResponse,
  TestPromptRequest,
  TestPromptResponse,
  UpdateApiModelRequest,
} from '../../api/types';

export function useApiModel(id: string | null) {
  return useQuery({
    queryKey: [paths.apiModels, id],
    queryFn: ({ signal }) => api<ApiModel>(pathTo('/bodhi/v1/api-models/{id}', { id: id ?? '' }), { signal }),
    enabled: !!id,
  });
}

export function useApiFormats() {
  return useQuery({
    queryKey: [paths.apiFormats],
    queryFn: ({ signal }) => api<ApiFormats>(paths.apiFormats, { signal }),
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
        ? api<ApiModel>(pathTo('/bodhi/v1/api-models/{id}', { id }), { method: 'PUT', body })
        : api<ApiModel>(paths.apiModels, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useDeleteApiModel() {
  const invalidate = useInvalidateModels();
  return useMutation({
    mutationFn: (id: string) => api<void>(pathTo('/bodhi/v1/api-models/{id}', { id }), { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}

export function useFetchModels() {
  return useMutation({
    mutationFn: (body: FetchModelsRequest) => api<FetchModelsResponse>(paths.apiModelsFetch, { method: 'POST', body }),
  });
}

export function useTestPrompt() {
  return useMutation({
    mutationFn: (body: TestPromptRequest) => api<TestPromptResponse>(paths.apiModelsTest, { method: 'POST', body }),
  });
}
