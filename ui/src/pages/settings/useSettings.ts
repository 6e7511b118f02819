import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { paths, pathTo } from '../../api/paths';
import type { SettingInfo, SettingValue, UpdateSettingRequest } from '../../api/types';

const one = (key: string) => pathTo('/bodhi/v1/settings/{key}', { key });

export function useSettings() {
  return useQuery({
    queryKey: [paths.settings],
    queryFn: ({ signal }) => api<SettingInfo[]>(paths.settings, { signal }),
  });
}

export function useUpdateSetting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { key: string; value: SettingValue }) =>
      api<SettingInfo>(one(v.key), { method: 'PUT', body: { value: v.value } satisfies UpdateSettingRequest }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [paths.settings] }),
  });
}

/** DELETE: the value reverts to the next source. */
export function useResetSetting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (key: string) => api<SettingInfo>(one(key), { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [paths.settings] }),
  });
}
