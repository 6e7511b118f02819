import type { OrgMembership } from '../api/types';
import { webUrl } from './safeUrl';

type Loc = Pick<Location, 'protocol' | 'hostname' | 'port'>;

/**
 * The chat URL of another org when the server did not send one (ui.md §5.3): same scheme and port, the slug
 * replacing the first label of the current host.
 */
export function fallbackOrgUrl(slug: string, loc: Loc): string {
  const dot = loc.hostname.indexOf('.');
  const orgDomain = dot >= 0 ? loc.hostname.slice(dot + 1) : loc.hostname;
  const port = loc.port ? `:${loc.port}` : '';
  return `${loc.protocol}//${slug}.${orgDomain}${port}/ui/chat`;
}

/** The org's chat URL as the server sent it when that is a web address, else built from the current host. */
export function membershipUrl(m: OrgMembership, loc: Loc): string {
  return webUrl(m.url) ?? fallbackOrgUrl(m.slug, loc);
}
