import { Check, Download } from 'lucide-react';
import type { DownloadRequest } from '../../api/types';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '../../components/ui/table';
import { formatSize, type CatalogModel } from './modelCatalog';
import { alreadyDownloaded, downloadOf } from './useModelDownloads';

interface Props {
  caption: string;
  models: CatalogModel[];
  downloads: DownloadRequest[] | undefined;
  /** Downloads cannot be started (a request is on its way). */
  disabled: boolean;
  /** The file whose start failed, with the error. */
  failed: { repo: string; filename: string; error: unknown } | null;
  onDownload: (m: CatalogModel) => void;
}

function percent(d: DownloadRequest): number | null {
  return d.total_bytes ? Math.min(100, Math.round((d.downloaded_bytes / d.total_bytes) * 100)) : null;
}

/** One catalogue: each model with its size and a download button, or its download's progress. */
export function CatalogTable({ caption, models, downloads, disabled, failed, onDownload }: Props) {
  return (
    <div className="rounded-lg border border-border">
      <Table>
        <caption className="caption-top px-3 pt-3 text-left text-base font-semibold">{caption}</caption>
        <TableHeader>
          <TableRow>
            <TableHead scope="col">Model</TableHead>
            <TableHead scope="col" className="hidden sm:table-cell">
              Size
            </TableHead>
            <TableHead scope="col" className="w-36 text-right">
              Download
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {models.map((m) => {
            const d = downloadOf(downloads, m.repo, m.filename);
            const exists = failed?.repo === m.repo && failed.filename === m.filename && alreadyDownloaded(failed.error);
            return (
              <TableRow key={`${m.repo}/${m.filename}`}>
                <TableCell className="max-w-0 min-w-40">
                  <p className="font-medium">{m.name}</p>
                  <p className="text-xs text-muted-foreground">{m.description}</p>
                  <code className="block truncate text-xs text-muted-foreground" title={`${m.repo}/${m.filename}`}>
                    {m.repo}/{m.filename}
                  </code>
                  <p className="text-xs text-muted-foreground sm:hidden">{formatSize(m.size)}</p>
                </TableCell>
                <TableCell className="hidden whitespace-nowrap sm:table-cell">{formatSize(m.size)}</TableCell>
                <TableCell className="text-right">
                  {exists || d?.status === 'completed' ? (
                    <Badge variant="success">
                      <Check aria-hidden="true" />
                      Downloaded
                    </Badge>
                  ) : d?.status === 'pending' ? (
                    <DownloadProgress name={m.name} download={d} />
                  ) : (
                    <>
                      <Button
                        variant="outline"
                        size="sm"
                        disabled={disabled}
                        aria-label={`Download ${m.name}`}
                        onClick={() => onDownload(m)}
                      >
                        <Download aria-hidden="true" />
                        {d?.status === 'error' ? (d.error === CANCELLED ? 'Resume' : 'Retry') : 'Download'}
                      </Button>
                      {d?.status === 'error' && <DownloadError error={d.error} />}
                    </>
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}

// The error of a download the user cancelled (hfpull.MsgCancelled): its partial file is kept, so it resumes.
const CANCELLED = 'cancelled';

function DownloadError({ error }: { error?: string }) {
  if (error === CANCELLED) return <p className="mt-1 text-xs text-muted-foreground">Cancelled.</p>;
  return (
    <div className="mt-1 text-left text-xs text-destructive" role="alert">
      <p className="break-words">{error ?? 'The download failed.'}</p>
      {error?.includes('HF_TOKEN') && (
        <p className="mt-1 text-muted-foreground">
          Gated and private models need a Hugging Face token with access to them: start Bodhi with HF_TOKEN set, then
          retry.
        </p>
      )}
    </div>
  );
}

function DownloadProgress({ name, download }: { name: string; download: DownloadRequest }) {
  const p = percent(download);
  const bytes = download.total_bytes
    ? `${formatSize(download.downloaded_bytes)} of ${formatSize(download.total_bytes)}`
    : formatSize(download.downloaded_bytes);
  return (
    <div className="flex flex-col gap-1">
      <div className="flex items-center gap-2">
        <progress
          aria-label={`Downloading ${name}`}
          max={100}
          value={p ?? undefined}
          className="h-2 w-full overflow-hidden rounded-full accent-primary"
        />
        <span className="w-12 shrink-0 text-xs text-muted-foreground tabular-nums" data-testid="download-percent">
          {p === null ? 'Starting…' : `${p}%`}
        </span>
      </div>
      <span className="text-xs text-muted-foreground tabular-nums">{bytes}</span>
    </div>
  );
}
