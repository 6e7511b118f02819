import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/ApiError';
import { serverErrorField, showServerError } from './formErrors';

interface Values {
  baseUrl: string;
  prefix: string;
}

const map = {
  fields: { base_url: 'baseUrl', prefix: 'prefix' },
  codes: { 'db_error-prefix_exists': 'prefix' },
} as const;

const err = (code: string, message: string, param?: Record<string, string>) =>
  new ApiError(400, { code, message, type: 'invalid_request_error', param });

describe('server errors at their field', () => {
  it('finds the field by code, by param, or by a "field: " message', () => {
    expect(serverErrorField<Values>(err('db_error-prefix_exists', 'taken'), map)).toBe('prefix');
    expect(serverErrorField<Values>(err('x', 'bad', { field: 'base_url' }), map)).toBe('baseUrl');
    expect(serverErrorField<Values>(err('x', 'base_url: not a URL'), map)).toBe('baseUrl');
    expect(serverErrorField<Values>(err('x', 'something else broke'), map)).toBeNull();
    expect(serverErrorField<Values>(err('x', 'bad', { field: 'unknown' }), map)).toBeNull();
    expect(serverErrorField<Values>(new Error('network'), map)).toBeNull();
  });

  it('sets the field error, or the form-level one', () => {
    const setError = vi.fn();
    showServerError<Values>(err('x', 'bad url', { field: 'base_url' }), setError, map);
    expect(setError).toHaveBeenLastCalledWith('baseUrl', { type: 'server', message: 'bad url' }, { shouldFocus: true });
    showServerError<Values>(err('x', 'down'), setError, map);
    expect(setError).toHaveBeenLastCalledWith('root.server', { type: 'server', message: 'down' });
  });
});
