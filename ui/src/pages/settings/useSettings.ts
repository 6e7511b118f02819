import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { paths } from '../../api/paths';
import type { SettingInfo } from '../../api/types';

const one = (key: string) => `${paths.settings}/${encodeURIComponent(key)}`;

export function useSettings() {
  return useQuery({
    queryKey: [paths.settings],
    queryFn: ({ signal }) => api<SettingInfo[]>(paths.settings, { signal }),
  });
}

export function useUpdateSetting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { key: string; value: unknown }) =>
      api<SettingInfo>(one(v.key), { method: 'PUT', body: { value: v.value } }),
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
