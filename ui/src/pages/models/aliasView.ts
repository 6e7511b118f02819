import type { AliasResponse } from '../../api/types';

export const SOURCE_LABEL: Record<AliasResponse['source'], string> = {
  user: 'User alias',
  model: 'Model file',
  api: 'API',
};

/** The name shown for a row: the alias, or for an API provider its prefix and base URL. */
export function aliasName(a: AliasResponse): string {
  if (a.source !== 'api') return a.alias;
  return a.prefix ? `${a.prefix}*` : a.base_url;
}

/** The model id to open in chat: the alias, or the provider's first model with its prefix. */
export function chatModelOf(a: AliasResponse): string | null {
  if (a.source !== 'api') return a.alias;
  const first = a.models[0];
  return first ? `${a.prefix ?? ''}${first}` : null;
}

/** The alias form with a file picked: from Model Files, or from a model alias. */
export function newAliasLink(f: { repo: string; filename: string; snapshot: string }): string {
  const q = new URLSearchParams({ repo: f.repo, filename: f.filename, snapshot: f.snapshot });
  return `/models/new?${q.toString()}`;
}
