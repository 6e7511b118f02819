/** The part of a Swagger UI request that withSession looks at and sets. */
export interface ViewerRequest {
  headers?: Record<string, string>;
  credentials?: RequestCredentials;
  [k: string]: unknown;
}

/**
 * Swagger UI's request interceptor. "Try it out" requests go to the document's server "/", the origin the app came
 * from, which is the current org; they carry the session cookie like every call of the app (api/client.ts), unless
 * the user authorized an API token: then the request authenticates itself and, as in the app, leaves the cookie out.
 */
export function withSession(req: ViewerRequest): ViewerRequest {
  const bearer = Object.keys(req.headers ?? {}).some((h) => h.toLowerCase() === 'authorization');
  req.credentials = bearer ? 'omit' : 'same-origin';
  return req;
}
