import { useId } from 'react';

/** The one Stream setting: on, the reply shows as it is written; off, it arrives whole. */
export function StreamSwitch({ on, onChange }: { on: boolean; onChange: (on: boolean) => void }) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <div className="flex items-center justify-between gap-2">
        <label htmlFor={id} className="text-sm font-semibold text-foreground">
          Stream
        </label>
        <input
          id={id}
          type="checkbox"
          role="switch"
          aria-describedby={`${id}-hint`}
          checked={on}
          onChange={(e) => onChange(e.target.checked)}
          className="size-4 accent-primary"
        />
      </div>
      <p id={`${id}-hint`} className="text-xs text-muted-foreground">
        Show the reply as it is written.
      </p>
    </div>
  );
}
