import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiResponse } from '../../api/client';
import { paths, pathTo } from '../../api/paths';
import type { DownloadRequest, DownloadRequestPage, PullModelFileRequest } from '../../api/types';
import { toast } from '../../lib/toast';
import { endedSince, nextSamples, type Samples } from './progress';
import { readableError } from './pullRules';

/** Progress is read by polling every second while a download runs (the server has no push channel for it). */
export const POLL_MS = 1000;

interface PullPage {
  page: DownloadRequestPage;
  samples: Samples;
}

const nameOf = (d: DownloadRequest) => `${d.repo}/${d.filename}`;

/**
 * The org's downloads, newest first, polled while any is pending. Each poll keeps the bytes seen per download so
 * the page can show a speed and time left, and announces downloads that ended since the last one.
 */
export function usePulls(page: number, pageSize: number) {
  const queryClient = useQueryClient();
  const query = { page, page_size: pageSize };
  // 'progress' keeps this apart from the setup page's list, whose cached data has another shape.
  const key = [paths.modelfilesPull, query, 'progress'];
  return useQuery({
    queryKey: key,
    queryFn: async ({ signal }): Promise<PullPage> => {
      const data = await api<DownloadRequestPage>(paths.modelfilesPull, { query, signal });
      const prev = queryClient.getQueryData<PullPage>(key)?.samples;
      const { completed, failed } = endedSince(prev, data.data);
      completed.forEach((d) => toast.success('Download complete', nameOf(d)));
      failed.forEach((d) => toast.error('Download failed', `${nameOf(d)}: ${readableError(d.error)}`));
      return { page: data, samples: nextSamples(prev, data.data, Date.now()) };
    },
    refetchInterval: (q) => (q.state.data?.page.data.some((d) => d.status === 'pending') ? POLL_MS : false),
  });
}

export function useStartPull() {
  const queryClient = useQueryClient();
  return useMutation({
    // 201: a new download (or a resume of a stopped one); 200: the one already running for the file.
    mutationFn: async (body: PullModelFileRequest) => {
      const res = await apiResponse(paths.modelfilesPull, { method: 'POST', body });
      return { download: (await res.json()) as DownloadRequest, started: res.status === 201 };
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [paths.modelfilesPull] }),
  });
}

export function useCancelPull() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (d: DownloadRequest) =>
      api<DownloadRequest>(pathTo('/bodhi/v1/modelfiles/pull/{id}/cancel', { id: d.id }), { method: 'POST' }),
    onSuccess: (_, d) => {
      toast.success('Download cancelled', `${nameOf(d)}. Retry resumes it from where it stopped.`);
      return queryClient.invalidateQueries({ queryKey: [paths.modelfilesPull] });
    },
    onError: (e, d) => toast.error('Could not cancel the download', `${nameOf(d)}: ${(e as Error).message}`),
  });
}
