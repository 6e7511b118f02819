import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { CloudOff } from 'lucide-react';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { Button } from '../components/ui/button';
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
    <section
      className="mx-auto w-full max-w-2xl"
      data-testid="hosted-unavailable"
      aria-labelledby="hosted-unavailable-title"
    >
      <EmptyState
        icon={CloudOff}
        title={
          <h1 id="hosted-unavailable-title" className="m-0 text-xl font-semibold tracking-tight text-foreground">
            Local models are part of a standalone Bodhi server
          </h1>
        }
        action={
          <Button asChild variant="outline">
            <Link to="/models">Go to Models</Link>
          </Button>
        }
      >
        <p>
          Model files, downloads and the first-run setup belong to a Bodhi server running on your own machine. This
          hosted service chats with the API models on the Models page.
        </p>
      </EmptyState>
    </section>
  );
}
