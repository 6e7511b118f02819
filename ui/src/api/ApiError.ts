/** The standard error body of every Bodhi API route (http-api.md §1.3). */
export interface ErrorBody {
  error: {
    message: string;
    type: string;
    code: string;
    param?: Record<string, string>;
  };
}

/** A non-2xx answer (or a network failure, with status 0), carrying the error code the UI routes on. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly type: string;
  readonly param: Record<string, string> | undefined;

  constructor(status: number, body: Partial<ErrorBody['error']>) {
    super(body.message || `Request failed with status ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code ?? (status === 0 ? 'network_error' : 'unknown_error');
    this.type = body.type ?? (status === 0 ? 'network_error' : 'unknown_error');
    this.param = body.param;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** Org errors that replace the whole app with an org screen (ui.md §6). */
export const ORG_SCREEN_CODES = ['org_error-not_found', 'org_error-suspended', 'org_error-missing'] as const;
export type OrgScreenCode = (typeof ORG_SCREEN_CODES)[number];

export function orgScreenCode(e: unknown): OrgScreenCode | null {
  if (!isApiError(e)) return null;
  return (ORG_SCREEN_CODES as readonly string[]).includes(e.code) ? (e.code as OrgScreenCode) : null;
}

/** Turns any failed response into an ApiError, whatever its body. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON: keep the status only
  }
  const err = (body as Partial<ErrorBody> | null)?.error;
  if (err && typeof err === 'object') return new ApiError(res.status, err);
  return new ApiError(res.status, { message: res.statusText || undefined });
}
