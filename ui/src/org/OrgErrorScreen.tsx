import { Ban, Building2, SearchX } from 'lucide-react';
import type { OrgScreenCode } from '../api/ApiError';
import { ScreenMessage } from '../components/ScreenMessage';

type Where = Pick<Location, 'protocol' | 'hostname' | 'port'>;

interface Props {
  code: OrgScreenCode;
  /** The page's address; tests pass their own. */
  location?: Where;
}

/** The slug an org host names: its first label (acme.bodhi.example → acme). */
function slugOf(hostname: string): string | null {
  const dot = hostname.indexOf('.');
  return dot > 0 ? hostname.slice(0, dot) : null;
}

/** Where an org's app would be on this server: the current address with an org label in front. */
export function exampleOrgUrl({ protocol, hostname, port }: Where): string {
  return `${protocol}//<your-org>.${hostname}${port ? `:${port}` : ''}/ui/`;
}

/** The screens that replace the whole app when the host names no usable org (ui.md §6). */
export function OrgErrorScreen({ code, location = window.location }: Props) {
  const { hostname } = location;
  switch (code) {
    case 'org_error-not_found':
      return (
        <ScreenMessage testId="org-not-found" role="alert" icon={SearchX} title="Organization not found">
          <p>
            There is no organization at <strong className="text-foreground">{hostname}</strong>.
          </p>
          <p>Check the address, or ask your administrator for your organization's link.</p>
        </ScreenMessage>
      );
    case 'org_error-suspended':
      return (
        <ScreenMessage testId="org-suspended" role="alert" icon={Ban} tone="destructive" title="Organization suspended">
          <p>
            <strong className="text-foreground">{slugOf(hostname) ?? 'This organization'}</strong> is suspended. Contact
            your organization's administrator.
          </p>
        </ScreenMessage>
      );
    case 'org_error-missing':
      return (
        <ScreenMessage testId="org-missing" role="alert" icon={Building2} title="No organization">
          <p>
            Open Bodhi at your organization's address, e.g.{' '}
            <code className="rounded bg-muted px-1 py-0.5 break-all text-foreground">{exampleOrgUrl(location)}</code>
          </p>
        </ScreenMessage>
      );
  }
}
