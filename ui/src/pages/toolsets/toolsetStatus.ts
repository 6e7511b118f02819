import type { AppToolsetConfig, Toolset } from '../../api/types';

/** enabled, disabled, disabled by admin, or no key (ui.md §7). */
export function toolsetStatus(t: Toolset, types: AppToolsetConfig[]): string {
  const type = types.find((c) => c.toolset_type === t.toolset_type);
  if (type && !type.enabled) return 'Disabled by admin';
  if (!t.has_api_key) return 'No API key';
  return t.enabled ? 'Enabled' : 'Disabled';
}

export function typeName(type: string, types: AppToolsetConfig[]): string {
  return types.find((c) => c.toolset_type === type)?.name ?? type;
}

/** The badge colour of each status: only "Enabled" works in chat; the others say what is missing. */
export function statusVariant(status: string): 'success' | 'secondary' | 'warning' {
  if (status === 'Enabled') return 'success';
  if (status === 'Disabled') return 'secondary';
  return 'warning';
}
