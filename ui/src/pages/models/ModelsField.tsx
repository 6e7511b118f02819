import { useState } from 'react';
import { useController } from 'react-hook-form';
import { ErrorMessage } from '../../components/ErrorMessage';
import type { ApiModelDraft } from './apiModelRequest';

interface Props {
  available: string[];
  onFetch: () => void;
  fetching: boolean;
  fetchError: unknown;
}

/** The provider's models to expose: fetched from the provider, or typed by hand. */
export function ModelsField({ available, onFetch, fetching, fetchError }: Props) {
  const { field, fieldState } = useController<ApiModelDraft, 'models'>({ name: 'models' });
  const selected = field.value;
  const onChange = (models: string[]) => {
    field.onChange(models);
    // Choosing is the whole interaction here: count it as visited, so the rule is checked at once.
    field.onBlur();
  };
  const error = fieldState.error?.message;
  const [manual, setManual] = useState('');
  const all = Array.from(new Set([...available, ...selected]));
  const toggle = (m: string) => onChange(selected.includes(m) ? selected.filter((x) => x !== m) : [...selected, m]);
  const add = () => {
    const m = manual.trim();
    if (m && !selected.includes(m)) onChange([...selected, m]);
    setManual('');
  };
  return (
    <fieldset className="field" aria-describedby={error ? 'models-error' : undefined}>
      <legend>Models</legend>
      <div className="row">
        <button type="button" className="button" onClick={onFetch} disabled={fetching}>
          {fetching ? 'Fetching…' : 'Fetch Models'}
        </button>
        <span className="muted">{selected.length} selected</span>
      </div>
      <ErrorMessage error={fetchError} />
      {all.length > 0 && (
        <ul className="check-list">
          {all.map((m) => (
            <li key={m}>
              <label className="check-label">
                <input type="checkbox" checked={selected.includes(m)} onChange={() => toggle(m)} /> {m}
              </label>
            </li>
          ))}
        </ul>
      )}
      <div className="row">
        <input
          aria-label="Add a model by name"
          placeholder="Add a model by name"
          value={manual}
          onChange={(e) => setManual(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" className="button" onClick={add} disabled={!manual.trim()}>
          Add
        </button>
      </div>
      {error && (
        <p className="error" id="models-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
