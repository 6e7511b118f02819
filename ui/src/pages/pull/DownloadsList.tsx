import { Check, CircleAlert, Download, RotateCcw, X } from 'lucide-react';
import type { DownloadRequest } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Pager } from '../../components/Pager';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { formatBytes, formatDuration, formatSpeed } from '../../lib/format';
import { toast } from '../../lib/toast';
import { EmptyState } from '../models/formParts';
import { progressOf, type Sample } from './progress';
import { readableError } from './pullRules';
import { useCancelPull, usePulls, useStartPull } from './usePulls';

const PAGE_SIZE = 20;

/** The org's downloads, newest first, with live progress, Cancel for running ones and Retry for stopped ones. */
export function DownloadsList({ page, onPage }: { page: number; onPage: (p: number) => void }) {
  const pulls = usePulls(page, PAGE_SIZE);
  return (
    <section aria-labelledby="downloads-title" className="grid gap-3">
      <h2 id="downloads-title" className="text-lg font-semibold">
        Downloads
      </h2>
      {pulls.isPending ? (
        <Loading />
      ) : pulls.isError ? (
        <ErrorMessage error={pulls.error} />
      ) : pulls.data.page.data.length === 0 ? (
        <EmptyState icon={<Download />} title="No downloads yet.">
          <p>Downloads started here or in the setup appear in this list with their progress.</p>
        </EmptyState>
      ) : (
        <>
          <ul className="grid gap-3" aria-label="Downloads">
            {pulls.data.page.data.map((d) => (
              <DownloadItem key={d.id} download={d} sample={pulls.data.samples[d.id]} />
            ))}
          </ul>
          <Pager page={page} pageSize={PAGE_SIZE} total={pulls.data.page.total} onPage={onPage} />
        </>
      )}
    </section>
  );
}

function DownloadItem({ download: d, sample }: { download: DownloadRequest; sample: Sample | undefined }) {
  const cancel = useCancelPull();
  const retry = useStartPull();
  const name = d.filename;
  const onRetry = () =>
    retry.mutate(
      { repo: d.repo, filename: d.filename },
      {
        onSuccess: () => toast.success('Download resumed', `${d.repo}/${d.filename}`),
        onError: (e) => toast.error('Could not restart the download', e.message),
      },
    );
  return (
    <li className="grid gap-2 rounded-xl border border-border bg-card p-4">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="font-medium break-all">{d.filename}</p>
          <p className="text-xs break-all text-muted-foreground">{d.repo}</p>
        </div>
        <div className="flex items-center gap-2">
          <StatusBadge download={d} />
          {d.status === 'pending' && (
            <Button
              variant="outline"
              size="sm"
              disabled={cancel.isPending}
              aria-label={`Cancel download of ${name}`}
              onClick={() => cancel.mutate(d)}
            >
              <X aria-hidden="true" />
              Cancel
            </Button>
          )}
          {d.status === 'error' && (
            <Button
              variant="outline"
              size="sm"
              disabled={retry.isPending}
              aria-label={`Retry download of ${name}`}
              onClick={onRetry}
            >
              <RotateCcw aria-hidden="true" />
              Retry
            </Button>
          )}
        </div>
      </div>
      {d.status === 'pending' && <ProgressLine download={d} sample={sample} />}
      {d.status === 'completed' && (
        <p className="text-sm text-muted-foreground">
          {formatBytes(d.total_bytes ?? d.downloaded_bytes)} in the Hugging Face cache.
        </p>
      )}
      {d.status === 'error' && (
        <p className="flex items-start gap-2 text-sm text-destructive">
          <CircleAlert className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
          <span className="min-w-0 break-words">
            {readableError(d.error)}
            {d.downloaded_bytes > 0 && (
              <span className="text-muted-foreground"> {formatBytes(d.downloaded_bytes)} kept for a retry.</span>
            )}
          </span>
        </p>
      )}
    </li>
  );
}

function StatusBadge({ download: d }: { download: DownloadRequest }) {
  if (d.status === 'completed')
    return (
      <Badge variant="success">
        <Check aria-hidden="true" />
        Completed
      </Badge>
    );
  if (d.status === 'error')
    return <Badge variant="destructive">{d.error === 'cancelled' ? 'Cancelled' : 'Failed'}</Badge>;
  // Queued and just-started downloads look alike until the first progress is written (started_at).
  return <Badge variant="secondary">{d.started_at || d.downloaded_bytes > 0 ? 'Downloading' : 'Pending'}</Badge>;
}

function ProgressLine({ download: d, sample }: { download: DownloadRequest; sample: Sample | undefined }) {
  const { percent, rate, left } = progressOf(d, sample);
  const done = formatBytes(d.downloaded_bytes);
  const facts = [
    d.total_bytes ? `${done} of ${formatBytes(d.total_bytes)}` : done,
    percent === null ? null : `${percent}%`,
    rate === undefined ? null : formatSpeed(rate),
    left === undefined ? null : `${formatDuration(left)} left`,
  ].filter(Boolean);
  return (
    <div className="grid gap-1">
      <progress
        aria-label={`Downloading ${d.filename}`}
        max={100}
        value={percent ?? undefined}
        className="h-2 w-full overflow-hidden rounded-full accent-primary"
      />
      <p className="text-xs text-muted-foreground tabular-nums" data-testid={`progress-${d.id}`}>
        {facts.join(' · ')}
      </p>
    </div>
  );
}
