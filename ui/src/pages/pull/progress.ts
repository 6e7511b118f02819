import type { DownloadRequest } from '../../api/types';

/** What the page remembers of a download between polls: its bytes when they last changed, and the rate then. */
export interface Sample {
  bytes: number;
  /** ms since the epoch, when `bytes` was first seen. */
  at: number;
  /** bytes per second between the last two changes, once there have been two. */
  rate?: number;
  status: DownloadRequest['status'];
}

export type Samples = Record<string, Sample>;

/**
 * The samples after a poll at `now`. The server writes a running download's progress every few seconds, so
 * successive polls often see the same bytes: the rate is measured between polls where the bytes changed.
 */
export function nextSamples(prev: Samples | undefined, downloads: DownloadRequest[], now: number): Samples {
  const out: Samples = {};
  for (const d of downloads) {
    const p = prev?.[d.id];
    const bytes = d.downloaded_bytes;
    if (!p || d.status !== 'pending' || p.status !== 'pending' || bytes < p.bytes) {
      out[d.id] = { bytes, at: now, status: d.status };
    } else if (bytes > p.bytes && now > p.at) {
      out[d.id] = { bytes, at: now, rate: ((bytes - p.bytes) * 1000) / (now - p.at), status: d.status };
    } else {
      out[d.id] = p;
    }
  }
  return out;
}

/** Downloads that ended since the previous poll: completed, or failed other than by a cancel. */
export function endedSince(prev: Samples | undefined, downloads: DownloadRequest[]) {
  const ended = downloads.filter((d) => prev?.[d.id]?.status === 'pending' && d.status !== 'pending');
  return {
    completed: ended.filter((d) => d.status === 'completed'),
    failed: ended.filter((d) => d.status === 'error' && d.error !== 'cancelled'),
  };
}

export interface Progress {
  percent: number | null;
  rate?: number;
  /** seconds */
  left?: number;
}

export function progressOf(d: DownloadRequest, sample: Sample | undefined): Progress {
  const total = d.total_bytes;
  const percent = total ? Math.min(100, Math.floor((d.downloaded_bytes / total) * 100)) : null;
  const rate = d.status === 'pending' ? sample?.rate : undefined;
  const left = rate && total ? Math.max(0, total - d.downloaded_bytes) / rate : undefined;
  return { percent, rate, left };
}
