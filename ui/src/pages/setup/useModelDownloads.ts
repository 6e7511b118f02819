import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../../api/ApiError';
import { api } from '../../api/client';
import { paths } from '../../api/paths';
import type { DownloadRequest, DownloadRequestPage, PullModelFileRequest } from '../../api/types';

const LIST_QUERY = { page: 1, page_size: 100 };
const POLL_MS = 1000;

/** The file is already in the model cache: nothing to download. */
export function alreadyDownloaded(e: unknown): boolean {
  return isApiError(e) && e.code === 'pull_error-file_already_exists';
}

/** The server's downloads (`GET /bodhi/v1/modelfiles/pull`), polled every second while any is pending. */
export function useModelDownloads() {
  const queryClient = useQueryClient();
  const key = [paths.modelfilesPull, LIST_QUERY];
  const list = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api<DownloadRequestPage>(paths.modelfilesPull, { query: LIST_QUERY, signal }),
    retry: false,
    refetchInterval: (q) => (q.state.data?.data.some((d) => d.status === 'pending') ? POLL_MS : false),
  });
  const start = useMutation({
    mutationFn: (body: PullModelFileRequest) => api<DownloadRequest>(paths.modelfilesPull, { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [paths.modelfilesPull] }),
  });
  return { list, start };
}

/** The latest download of a file, if any. */
export function downloadOf(
  downloads: DownloadRequest[] | undefined,
  repo: string,
  filename: string,
): DownloadRequest | undefined {
  return downloads?.find((d) => d.repo === repo && d.filename === filename);
}
