import { useId, type ReactNode } from 'react';
import { cn } from '../../lib/cn';

interface Props {
  label: string;
  enabled: boolean;
  onEnabled: (enabled: boolean) => void;
  hint?: string;
  /** The value's control; editing it switches the setting on. */
  children: (ids: { id: string; 'aria-describedby'?: string; className: string }) => ReactNode;
}

const control =
  'w-full rounded-md border border-input bg-background px-2 py-1.5 text-sm text-foreground focus-visible:outline-2 focus-visible:outline-ring';

/** A labelled control with a switch that decides whether the setting is sent at all. */
export function OptionalParam({ label, enabled, onEnabled, hint, children }: Props) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className="flex flex-col gap-1">
      <div className="flex items-center justify-between gap-2">
        <label htmlFor={id} className="text-sm font-semibold text-foreground">
          {label}
        </label>
        <input
          type="checkbox"
          role="switch"
          aria-label={`Use ${label}`}
          checked={enabled}
          onChange={(e) => onEnabled(e.target.checked)}
          className="size-4 accent-primary"
        />
      </div>
      <div className={cn(!enabled && 'opacity-60')}>
        {children({ id, 'aria-describedby': hintId, className: control })}
      </div>
      {hint && (
        <p className="text-xs text-muted-foreground" id={hintId}>
          {hint}
        </p>
      )}
    </div>
  );
}
