import { useState, type FormEvent } from 'react';
import type { AppToolsetConfig } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { DESCRIPTION_MAX, validateToolset, type ToolsetFormErrors, type ToolsetFormValues } from './toolsetForm';

interface Props {
  mode: 'new' | 'edit';
  initial: ToolsetFormValues;
  /** New only: the types enabled for the org. */
  types: AppToolsetConfig[];
  /** Edit only: a key is stored. */
  hasKey: boolean;
  pending: boolean;
  error: unknown;
  onSubmit: (values: ToolsetFormValues) => void;
}

/** Type (new only), slug, description, enabled and the API key with Keep/Replace on edit. */
export function ToolsetForm({ mode, initial, types, hasKey, pending, error, onSubmit }: Props) {
  const [v, setV] = useState(initial);
  const [errors, setErrors] = useState<ToolsetFormErrors>({});
  const set = <K extends keyof ToolsetFormValues>(k: K, value: ToolsetFormValues[K]) =>
    setV((prev) => ({ ...prev, [k]: value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = validateToolset(v, mode);
    setErrors(found);
    if (Object.keys(found).length === 0) onSubmit(v);
  };

  const keyInput = (
    <Field label="API key" error={errors.apiKey}>
      {(ids) => (
        <input
          {...ids}
          type="password"
          autoComplete="off"
          value={v.apiKey}
          onChange={(e) => set('apiKey', e.target.value)}
        />
      )}
    </Field>
  );

  return (
    <form className="form" onSubmit={submit} noValidate>
      {mode === 'new' && (
        <Field label="Type" error={errors.toolsetType}>
          {(ids) => (
            <select {...ids} value={v.toolsetType} onChange={(e) => set('toolsetType', e.target.value)}>
              {types.map((t) => (
                <option key={t.toolset_type} value={t.toolset_type}>
                  {t.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field label="Slug" hint="1 to 24 letters, digits or hyphens; the name tools get in chat." error={errors.slug}>
        {(ids) => <input {...ids} value={v.slug} onChange={(e) => set('slug', e.target.value)} />}
      </Field>
      <Field label="Description (optional)" error={errors.description}>
        {(ids) => (
          <textarea
            {...ids}
            rows={2}
            value={v.description}
            maxLength={DESCRIPTION_MAX + 1}
            onChange={(e) => set('description', e.target.value)}
          />
        )}
      </Field>
      <label className="check-label">
        <input type="checkbox" checked={v.enabled} onChange={(e) => set('enabled', e.target.checked)} /> Enabled
      </label>
      {mode === 'new' ? (
        keyInput
      ) : (
        <div className="field">
          <p className="hint">{hasKey ? 'An API key is stored.' : 'No API key is stored.'}</p>
          <label className="check-label">
            <input type="checkbox" checked={v.replaceKey} onChange={(e) => set('replaceKey', e.target.checked)} />{' '}
            Replace the API key
          </label>
          {v.replaceKey && keyInput}
        </div>
      )}
      <ErrorMessage error={error} />
      <div className="row end">
        <button type="submit" className="button primary" disabled={pending}>
          {mode === 'new' ? 'Create toolset' : 'Save toolset'}
        </button>
      </div>
    </form>
  );
}
