import type { DownloadRequest } from '../../api/types';
import { formatSize, type CatalogModel } from './modelCatalog';
import { alreadyDownloaded, downloadOf } from './useModelDownloads';

interface Props {
  caption: string;
  models: CatalogModel[];
  downloads: DownloadRequest[] | undefined;
  /** Downloads cannot be started (the server lacks them, or a request is on its way). */
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
    <table className="table catalog">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Model</th>
          <th scope="col">Size</th>
          <th scope="col">Download</th>
        </tr>
      </thead>
      <tbody>
        {models.map((m) => {
          const d = downloadOf(downloads, m.repo, m.filename);
          const exists = failed?.repo === m.repo && failed.filename === m.filename && alreadyDownloaded(failed.error);
          return (
            <tr key={`${m.repo}/${m.filename}`}>
              <td>
                <strong>{m.name}</strong>
                <p className="hint">{m.description}</p>
                <p className="hint">
                  <code>
                    {m.repo}/{m.filename}
                  </code>
                </p>
              </td>
              <td>{formatSize(m.size)}</td>
              <td>
                {exists || d?.status === 'completed' ? (
                  <span className="badge">Downloaded</span>
                ) : d?.status === 'pending' ? (
                  <DownloadProgress name={m.name} download={d} />
                ) : (
                  <>
                    <button
                      type="button"
                      className="button small"
                      disabled={disabled}
                      aria-label={`Download ${m.name}`}
                      onClick={() => onDownload(m)}
                    >
                      {d?.status === 'error' ? 'Retry' : 'Download'}
                    </button>
                    {d?.status === 'error' && <p className="error">{d.error ?? 'The download failed.'}</p>}
                  </>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function DownloadProgress({ name, download }: { name: string; download: DownloadRequest }) {
  const p = percent(download);
  return (
    <div className="download-progress">
      <progress aria-label={`Downloading ${name}`} max={100} value={p ?? undefined} />
      <span>{p === null ? 'Starting…' : `${p}%`}</span>
    </div>
  );
}
