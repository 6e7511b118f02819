import { isApiError } from '../../api/ApiError';

/** A reviewer-facing message for the error codes of the consent routes (http-api.md §11). */
export function reviewErrorMessage(e: unknown): string {
  if (isApiError(e)) {
    switch (e.code) {
      case 'access_request_error-expired':
        return 'This access request has expired. Ask the app to start a new one.';
      case 'access_request_error-request_not_found':
        return 'This access request was not found.';
      case 'access_request_error-already_processed':
        return 'This access request has already been processed.';
    }
  }
  return e instanceof Error ? e.message : String(e);
}
