import { describe, expect, it } from 'vitest';
import type { DownloadRequest } from '../../api/types';
import { endedSince, nextSamples, progressOf } from './progress';

const dl = (bytes: number, extra: Partial<DownloadRequest> = {}): DownloadRequest => ({
  id: 'a',
  repo: 'o/r',
  filename: 'f.gguf',
  status: 'pending',
  created_at: '',
  updated_at: '',
  total_bytes: 1000,
  downloaded_bytes: bytes,
  ...extra,
});

describe('download progress', () => {
  it('measures the rate between polls where the bytes changed', () => {
    let s = nextSamples(undefined, [dl(0)], 0);
    expect(s.a!.rate).toBeUndefined();
    s = nextSamples(s, [dl(0)], 1000); // the server had not written progress yet
    expect(s.a).toMatchObject({ bytes: 0, at: 0 });
    s = nextSamples(s, [dl(300)], 3000);
    expect(s.a).toMatchObject({ bytes: 300, at: 3000, rate: 100 });
    expect(progressOf(dl(300), s.a)).toEqual({ percent: 30, rate: 100, left: 7 });
  });

  it('starts over when a download restarts or ends', () => {
    let s = nextSamples(undefined, [dl(500)], 0);
    s = nextSamples(s, [dl(100)], 1000);
    expect(s.a).toEqual({ bytes: 100, at: 1000, status: 'pending' });
    const ended = [dl(1000, { status: 'completed' })];
    expect(endedSince(s, ended).completed).toHaveLength(1);
    s = nextSamples(s, ended, 2000);
    expect(progressOf(ended[0]!, s.a).rate).toBeUndefined();
    expect(endedSince(s, ended).completed).toHaveLength(0);
  });

  it('has no percent without a total, and does not report a cancel as a failure', () => {
    expect(progressOf(dl(10, { total_bytes: undefined }), undefined).percent).toBeNull();
    const prev = nextSamples(undefined, [dl(10)], 0);
    expect(endedSince(prev, [dl(10, { status: 'error', error: 'cancelled' })]).failed).toHaveLength(0);
    expect(endedSince(prev, [dl(10, { status: 'error', error: 'the hub answered HTTP 500' })]).failed).toHaveLength(1);
  });
});
