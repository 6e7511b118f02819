import type { LucideIcon } from 'lucide-react';
import { useId, type ReactNode } from 'react';
import { cn } from '../lib/cn';

interface Props {
  testId?: string;
  title: string;
  icon?: LucideIcon;
  tone?: 'default' | 'destructive';
  /** `alert` for a screen that replaces the app because something is wrong. */
  role?: 'alert';
  children: ReactNode;
}

/** A whole-window message in a centred card: the org and app error screens. */
export function ScreenMessage({ testId, title, icon: Icon, tone = 'default', role, children }: Props) {
  const titleId = useId();
  return (
    <main className="grid min-h-dvh place-items-center bg-background p-4 text-foreground" data-testid={testId}>
      <section
        role={role}
        aria-labelledby={titleId}
        className="grid w-full max-w-md gap-3 rounded-xl border border-border bg-card p-6 text-card-foreground shadow-sm [&_p]:text-sm [&_p]:text-muted-foreground"
      >
        {Icon && (
          <span
            aria-hidden="true"
            className={cn(
              'grid size-10 place-items-center rounded-full bg-muted',
              tone === 'destructive' ? 'text-destructive' : 'text-primary',
            )}
          >
            <Icon className="size-5" />
          </span>
        )}
        <h1 id={titleId} className="m-0 text-xl font-semibold tracking-tight">
          {title}
        </h1>
        {children}
      </section>
    </main>
  );
}
