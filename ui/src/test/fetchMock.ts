import { vi } from 'vitest';

export interface MockRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Headers;
}

export type Reply = Response | { status?: number; body?: unknown; headers?: Record<string, string> };
export type Handler = Reply | ((req: MockRequest) => Reply | Promise<Reply>);
/** Keyed by "METHOD /path" (no query string). */
export type Routes = Record<string, Handler>;

export function jsonResponse(status: number, body?: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

export function errorReply(status: number, code: string, message = `error ${code}`): Reply {
  return { status, body: { error: { message, type: 'test_error', code } } };
}

/**
 * Replaces global fetch with a router over `routes`. An unmatched request answers 404 route_error-not_found and
 * is recorded like any other, so tests can assert on every call the UI made.
 */
export function mockFetch(routes: Routes) {
  const calls: MockRequest[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost:3000');
    const method = (init?.method ?? 'GET').toUpperCase();
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const req: MockRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      body,
      headers: new Headers(init?.headers),
    };
    calls.push(req);
    const handler = routes[`${method} ${url.pathname}`];
    if (!handler) {
      const r = errorReply(404, 'route_error-not_found', `no mock for ${method} ${url.pathname}`);
      return jsonResponse(404, (r as { body: unknown }).body);
    }
    const reply = typeof handler === 'function' ? await handler(req) : handler;
    return reply instanceof Response ? reply : jsonResponse(reply.status ?? 200, reply.body, reply.headers);
  });
  vi.stubGlobal('fetch', fn);
  return {
    fn,
    calls,
    /** The recorded calls to one route. */
    to: (method: string, path: string) => calls.filter((c) => c.method === method && c.path === path),
  };
}
