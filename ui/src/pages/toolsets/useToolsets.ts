import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { paths, pathTo } from '../../api/paths';
import type {
  AppToolsetConfig,
  CreateToolsetRequest,
  Toolset,
  ToolsetTypeList,
  ToolsetList,
  UpdateToolsetRequest,
} from '../../api/types';

const one = (id: string) => pathTo('/bodhi/v1/toolsets/{id}', { id });

/** The caller's instances and this org's config for every type. */
export function useToolsets() {
  return useQuery({
    queryKey: [paths.toolsets],
    queryFn: ({ signal }) => api<ToolsetList>(paths.toolsets, { signal }),
  });
}

/** The registry: every toolset type with its methods (read-only, the same for every org). */
export function useToolsetTypes() {
  return useQuery({
    queryKey: [paths.toolsetTypes],
    queryFn: ({ signal }) => api<ToolsetTypeList>(paths.toolsetTypes, { signal }),
    staleTime: Infinity,
  });
}

export function useToolset(id: string) {
  return useQuery({
    queryKey: [one(id)],
    queryFn: ({ signal }) => api<Toolset>(one(id), { signal }),
    enabled: !!id,
  });
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: [paths.toolsets] });
}

export function useCreateToolset() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: CreateToolsetRequest) => api<Toolset>(paths.toolsets, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useUpdateToolset(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateToolsetRequest) => api<Toolset>(one(id), { method: 'PUT', body }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: [paths.toolsets] }),
        queryClient.invalidateQueries({ queryKey: [one(id)] }),
      ]),
  });
}

export function useDeleteToolset() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: string) => api<void>(one(id), { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}

/** Admin: enable (PUT) or disable (DELETE) a toolset type for the org. */
export function useSetTypeEnabled() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (v: { type: string; enabled: boolean }) =>
      api<AppToolsetConfig>(pathTo('/bodhi/v1/toolset_types/{toolset_type}/app-config', { toolset_type: v.type }), {
        method: v.enabled ? 'PUT' : 'DELETE',
      }),
    onSuccess: invalidate,
  });
}
