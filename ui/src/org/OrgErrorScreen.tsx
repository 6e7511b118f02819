import type { OrgScreenCode } from '../api/ApiError';

interface Props {
  code: OrgScreenCode;
  hostname?: string;
}

/** The slug an org host names: its first label (acme.bodhi.example → acme). */
function slugOf(hostname: string): string | null {
  const dot = hostname.indexOf('.');
  return dot > 0 ? hostname.slice(0, dot) : null;
}

/** The screens that replace the whole app when the host names no usable org (ui.md §6). */
export function OrgErrorScreen({ code, hostname = window.location.hostname }: Props) {
  const domain = slugOf(hostname) ? hostname.slice(hostname.indexOf('.') + 1) : hostname;
  switch (code) {
    case 'org_error-not_found':
      return (
        <Screen testId="org-not-found" title="Organization not found">
          <p>
            There is no organization at <strong>{hostname}</strong>.
          </p>
          <p>Check the address, or ask your administrator for your organization's link.</p>
        </Screen>
      );
    case 'org_error-suspended':
      return (
        <Screen testId="org-suspended" title="Organization suspended">
          <p>
            <strong>{slugOf(hostname) ?? 'This organization'}</strong> is suspended. Contact your organization's
            administrator.
          </p>
        </Screen>
      );
    case 'org_error-missing':
      return (
        <Screen testId="org-missing" title="No organization">
          <p>
            Open Bodhi at your organization's address, e.g. <code>https://&lt;your-org&gt;.{domain}/</code>.
          </p>
        </Screen>
      );
  }
}

function Screen({ testId, title, children }: { testId: string; title: string; children: React.ReactNode }) {
  return (
    <main className="screen-center" data-testid={testId}>
      <section className="card" role="alert" aria-labelledby={`${testId}-title`}>
        <h1 id={`${testId}-title`}>{title}</h1>
        {children}
      </section>
    </main>
  );
}
