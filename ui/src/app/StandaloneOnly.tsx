import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Loading } from '../components/Loading';
import { useAppMode } from '../hooks/useAppMode';

/**
 * Pages that exist only in standalone mode (mode "S" in ui.md §7). In hosted mode they render a notice and make no
 * API calls of their own: the children are never mounted.
 */
export function StandaloneOnly({ children }: { children: ReactNode }) {
  const { isHosted, isLoading, error } = useAppMode();
  if (isLoading) return <Loading />;
  if (isHosted && !error) return <HostedUnavailable />;
  return <>{children}</>;
}

export function HostedUnavailable() {
  return (
    <section className="card" data-testid="hosted-unavailable">
      <h1>Not available in hosted mode</h1>
      <p>Local model files and downloads are not part of the hosted service.</p>
      <p>
        <Link to="/models">Go to Models</Link>
      </p>
    </section>
  );
}
