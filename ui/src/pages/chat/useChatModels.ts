import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { paths } from '../../api/paths';
import type { OpenAIModelList } from '../../api/types';

// /v1/models names a local alias's owner "system"; an API model's owner is its base URL (http-api.md §7).
const LOCAL_OWNER = 'system';

/** The models this org can chat with (GET /v1/models): local aliases first, then the API models. */
export function useChatModels() {
  return useQuery({
    queryKey: [paths.oaiModels],
    queryFn: ({ signal }) => api<OpenAIModelList>(paths.oaiModels, { signal }),
  });
}

/** Whether `model` is a local alias, run by llama-server on this machine. */
export function useIsLocalModel(model: string): boolean {
  const models = useChatModels();
  return !!model && !!models.data?.data.some((m) => m.id === model && m.owned_by === LOCAL_OWNER);
}
