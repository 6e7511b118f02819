import { Loader2, Plus, RefreshCw } from 'lucide-react';
import { useState } from 'react';
import { useController } from 'react-hook-form';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Button } from '../../components/ui/button';
import { Input } from '../../components/ui/input';
import type { ApiModelDraft } from './apiModelRequest';
import { CheckField, FieldError } from './formParts';

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
    <fieldset className="grid gap-3" aria-describedby={error ? 'models-error' : undefined}>
      <legend className="mb-3 text-sm font-medium">Models</legend>
      <div className="flex flex-wrap items-center gap-3">
        <FetchButton pending={fetching} onClick={onFetch} />
        <span className="text-sm text-muted-foreground">{selected.length} selected</span>
      </div>
      <ErrorMessage error={fetchError} />
      {all.length > 0 && (
        <ul className="grid max-h-64 gap-2 overflow-y-auto rounded-md border border-border p-3 sm:grid-cols-2">
          {all.map((m) => (
            <li key={m} className="min-w-0">
              <CheckField
                label={<span className="break-all">{m}</span>}
                checked={selected.includes(m)}
                onChange={() => toggle(m)}
              />
            </li>
          ))}
        </ul>
      )}
      <div className="flex gap-2">
        <Input
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
        <Button variant="outline" onClick={add} disabled={!manual.trim()}>
          <Plus aria-hidden="true" />
          Add
        </Button>
      </div>
      {error && <FieldError id="models-error">{error}</FieldError>}
    </fieldset>
  );
}

/** Asks the provider, through the server, which models it has. */
export function FetchButton({ pending, onClick }: { pending: boolean; onClick: () => void }) {
  return (
    <Button variant="outline" onClick={onClick} disabled={pending}>
      {pending ? <Loader2 className="animate-spin" aria-hidden="true" /> : <RefreshCw aria-hidden="true" />}
      {pending ? 'Fetching…' : 'Fetch Models'}
    </Button>
  );
}
