import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { isApiError } from '../../api/ApiError';

/** How a form finds the field a server error is about: by the server's field name, or by the error's code. */
export interface ServerFieldMap<T extends FieldValues> {
  /** Server field names (as in the request body or `param.field`) to form fields. */
  fields?: Partial<Record<string, Path<T>>>;
  /** Error codes that are always about one field, e.g. a duplicate slug. */
  codes?: Partial<Record<string, Path<T>>>;
}

/** The form field a failed request is about, if it names one. */
export function serverErrorField<T extends FieldValues>(e: unknown, map: ServerFieldMap<T>): Path<T> | null {
  if (!isApiError(e)) return null;
  const byCode = map.codes?.[e.code];
  if (byCode) return byCode;
  const named = e.param?.field ?? e.param?.param;
  if (named && map.fields?.[named]) return map.fields[named]!;
  // Validation messages of the form "name: at most 255 characters" name the field first.
  const prefix = /^([a-z_]+):\s/.exec(e.message)?.[1];
  if (prefix && map.fields?.[prefix]) return map.fields[prefix]!;
  return null;
}

/**
 * Shows a failed submit where it belongs: at its field when the server names one, otherwise as the form's own
 * message (`errors.root.server`, cleared by the next submit).
 */
export function showServerError<T extends FieldValues>(
  e: unknown,
  setError: UseFormSetError<T>,
  map: ServerFieldMap<T>,
) {
  const message = e instanceof Error ? e.message : String(e);
  const field = serverErrorField(e, map);
  if (field) setError(field, { type: 'server', message }, { shouldFocus: true });
  else setError('root.server', { type: 'server', message });
}
