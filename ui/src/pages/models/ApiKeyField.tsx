import { useId, useState } from 'react';

interface Props {
  value: string;
  onChange: (value: string) => void;
  /** Edit only: a key is stored on the server. */
  stored: boolean;
  clear: boolean;
  onClear: (clear: boolean) => void;
}

/** The API key: hidden by default with a show toggle; on edit, blank means "keep the stored key". */
export function ApiKeyField({ value, onChange, stored, clear, onClear }: Props) {
  const id = useId();
  const [show, setShow] = useState(false);
  return (
    <div className="field">
      <label htmlFor={id}>API key (optional)</label>
      <div className="row">
        <input
          id={id}
          type={show ? 'text' : 'password'}
          autoComplete="off"
          value={value}
          disabled={clear}
          aria-describedby={`${id}-hint`}
          placeholder={stored ? 'Leave blank to keep the stored key' : ''}
          onChange={(e) => onChange(e.target.value)}
        />
        <button type="button" className="button" aria-pressed={show} onClick={() => setShow((s) => !s)}>
          {show ? 'Hide' : 'Show'}
        </button>
      </div>
      <p className="hint" id={`${id}-hint`}>
        {stored ? 'A key is stored. Type a new one to replace it.' : 'Sent to the provider as a bearer token.'}
      </p>
      {stored && (
        <label className="check-label">
          <input type="checkbox" checked={clear} onChange={(e) => onClear(e.target.checked)} /> Remove the stored key
        </label>
      )}
    </div>
  );
}
