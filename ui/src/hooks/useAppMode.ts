import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { paths } from '../api/paths';
import type { AppInfo, AppStatus } from '../api/types';

export function useAppInfoQuery() {
  return useQuery({
    queryKey: [paths.appInfo],
    queryFn: ({ signal }) => api<AppInfo>(paths.appInfo, { signal }),
    staleTime: Infinity,
  });
}

export interface AppMode {
  isHosted: boolean;
  status: AppStatus | undefined;
  version: string | undefined;
  commitSha: string | undefined;
  org: AppInfo['org'] | undefined;
  isLoading: boolean;
  error: Error | null;
  refetch: () => void;
}

/** The deployment mode and app status from GET /bodhi/v1/app/info, fetched once (ui.md §3.1). */
export function useAppMode(): AppMode {
  const q = useAppInfoQuery();
  return {
    isHosted: q.data?.multi_tenant ?? false,
    status: q.data?.status,
    version: q.data?.version,
    commitSha: q.data?.commit_sha,
    org: q.data?.org,
    isLoading: q.isPending,
    error: q.error,
    refetch: () => void q.refetch(),
  };
}
