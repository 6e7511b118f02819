import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { api } from '../../api/client';
import { paths } from '../../api/paths';
import type {
  LocalModelFilePage,
  MetadataQueue,
  RefreshAllModelsResponse,
  RefreshModelMetadataRequest,
} from '../../api/types';
import { toast } from '../../lib/toast';

const POLL_MS = 1000;

export function useModelFiles(page: number, pageSize: number) {
  const query = { page, page_size: pageSize };
  return useQuery({
    queryKey: [paths.modelfiles, query],
    queryFn: ({ signal }) => api<LocalModelFilePage>(paths.modelfiles, { query, signal }),
  });
}

/**
 * Metadata refresh (power users): queues a scan of every file, then polls the queue every second until it is
 * idle again, when the list is read afresh. The queue is also read once on arrival, so a scan started elsewhere
 * shows as running.
 */
export function useMetadataRefresh(enabled: boolean) {
  const queryClient = useQueryClient();
  // From a refresh until the queue is next seen idle (the scan can end before the first poll): a ref for the
  // query's callbacks, state for the render.
  const waitingRef = useRef(false);
  const [waiting, setWaiting] = useState(false);
  const wait = (on: boolean) => {
    waitingRef.current = on;
    setWaiting(on);
  };
  const queue = useQuery({
    queryKey: [paths.queue],
    queryFn: async ({ signal }) => {
      const q = await api<MetadataQueue>(paths.queue, { signal });
      if (waitingRef.current && q.status === 'idle') {
        wait(false);
        void queryClient.invalidateQueries({ queryKey: [paths.modelfiles] });
        toast.success('Metadata refreshed');
      }
      return q;
    },
    enabled,
    refetchInterval: (q) => (waitingRef.current || q.state.data?.status === 'processing' ? POLL_MS : false),
  });
  const refresh = useMutation({
    mutationFn: () =>
      api<RefreshAllModelsResponse>(paths.modelsRefresh, {
        method: 'POST',
        body: { source: 'all' } satisfies RefreshModelMetadataRequest,
      }),
    onSuccess: () => {
      wait(true);
      // Refetching cancels a poll sent before the refresh, so the next answer is about this scan.
      return queryClient.invalidateQueries({ queryKey: [paths.queue] });
    },
    onError: (e) => toast.error('Could not refresh the metadata', e.message),
  });
  const processing = queue.data?.status === 'processing';
  return { refresh, busy: refresh.isPending || waiting || processing, processing };
}
