import type { ReactNode } from 'react';
import { cn } from '../../lib/cn';

interface Props {
  /** The id of the card's h1. */
  labelledBy: string;
  /** Wider card for pages with a form or a catalogue. */
  wide?: boolean;
  children: ReactNode;
}

/**
 * A page outside the app's shell (setup, login, request access): one card in the middle of the screen, in the
 * page's `main#main` landmark.
 */
export function ScreenCard({ labelledBy, wide, children }: Props) {
  return (
    <main id="main" className="flex min-h-dvh justify-center bg-background px-4 py-8 text-foreground sm:py-16">
      <section
        aria-labelledby={labelledBy}
        className={cn(
          'flex h-fit w-full min-w-0 flex-col gap-5 rounded-xl border border-border bg-card p-4 text-card-foreground shadow-sm md:p-8',
          wide ? 'max-w-3xl' : 'max-w-lg',
        )}
      >
        {children}
      </section>
    </main>
  );
}

/** The card's heading. */
export function ScreenTitle({ id, children }: { id: string; children: ReactNode }) {
  return (
    <h1 id={id} className="m-0 text-2xl font-semibold tracking-tight">
      {children}
    </h1>
  );
}

/** Text under the heading. */
export function ScreenText({ children, className }: { children: ReactNode; className?: string }) {
  return <p className={cn('text-sm text-muted-foreground', className)}>{children}</p>;
}
