import { ApiError, errorFromResponse } from './ApiError';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RequestOptions {
  method?: Method;
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** `same-origin` unless a request authenticates itself (a bearer token) and must not send the session cookie. */
  credentials?: RequestCredentials;
}

/** Builds `path?query`, skipping undefined values. */
export function withQuery(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined) params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * Sends a request to the same origin and returns the raw Response when it is 2xx. Non-2xx answers become an
 * ApiError built from the standard error body; a network failure becomes an ApiError with status 0.
 */
export async function apiResponse(path: string, opts: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method: opts.method ?? 'GET',
      headers,
      body,
      credentials: opts.credentials ?? 'same-origin',
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, { message: e instanceof Error ? e.message : 'Network error' });
  }
  if (!res.ok) throw await errorFromResponse(res);
  return res;
}

/** JSON in, JSON out. Empty answers (204, or an empty 200/201) resolve to undefined. */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await apiResponse(path, opts);
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
