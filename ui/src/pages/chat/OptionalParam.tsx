import { useId, type ReactNode } from 'react';

interface Props {
  label: string;
  enabled: boolean;
  onEnabled: (enabled: boolean) => void;
  hint?: string;
  /** The value's control; editing it switches the setting on. */
  children: (ids: { id: string; 'aria-describedby'?: string }) => ReactNode;
}

/** A labelled control with a switch that decides whether the setting is sent at all. */
export function OptionalParam({ label, enabled, onEnabled, hint, children }: Props) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className={`field param${enabled ? '' : ' param-off'}`}>
      <div className="param-head">
        <label htmlFor={id}>{label}</label>
        <input
          type="checkbox"
          role="switch"
          aria-label={`Use ${label}`}
          checked={enabled}
          onChange={(e) => onEnabled(e.target.checked)}
        />
      </div>
      {children({ id, 'aria-describedby': hintId })}
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
    </div>
  );
}
