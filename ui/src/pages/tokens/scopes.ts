import type { TokenScope } from '../../api/types';
import { hasRole } from '../../lib/roles';

export const SCOPE_OPTIONS: { value: TokenScope; label: string; minRole: 'user' | 'power_user' }[] = [
  { value: 'scope_token_user', label: 'User', minRole: 'user' },
  { value: 'scope_token_power_user', label: 'Power User', minRole: 'power_user' },
];

/** The scopes a caller may give a token: none above their own role (http-api.md §4). */
export function scopesFor(role: string | null | undefined) {
  return SCOPE_OPTIONS.filter((s) => hasRole(role, s.minRole));
}

export function scopeLabel(scopes: string): string {
  return SCOPE_OPTIONS.find((s) => s.value === scopes)?.label ?? scopes;
}
