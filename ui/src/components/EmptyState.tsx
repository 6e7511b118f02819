import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';
import { cn } from '../lib/cn';

interface Props {
  icon?: LucideIcon;
  title?: ReactNode;
  children?: ReactNode;
  /** A link or button onwards. */
  action?: ReactNode;
  className?: string;
  'data-testid'?: string;
}

/** A dashed box saying there is nothing here (yet, or in this mode), with the way on. */
export function EmptyState({ icon: Icon, title, children, action, className, ...rest }: Props) {
  return (
    <div
      className={cn(
        'flex flex-col items-center gap-3 rounded-xl border border-dashed border-border px-6 py-10 text-center',
        className,
      )}
      {...rest}
    >
      {Icon && (
        <span
          aria-hidden="true"
          className="grid size-10 place-items-center rounded-full bg-muted text-muted-foreground"
        >
          <Icon className="size-5" />
        </span>
      )}
      {title}
      {children && <div className="grid max-w-md gap-1 text-sm text-muted-foreground">{children}</div>}
      {action}
    </div>
  );
}
