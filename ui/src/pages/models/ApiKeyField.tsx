import { useId, useState } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import type { ApiModelDraft } from './apiModelRequest';

/** The API key: hidden by default with a show toggle; on edit, blank means "keep the stored key". */
export function ApiKeyField({ stored }: { /** Edit only: a key is stored on the server. */ stored: boolean }) {
  const id = useId();
  const [show, setShow] = useState(false);
  const { register, control, setValue, formState } = useFormContext<ApiModelDraft>();
  const clear = useWatch({ control, name: 'clearKey' });
  const error = formState.errors.apiKey?.message;
  const describedBy = [`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>API key (optional)</label>
      <div className="row">
        <input
          id={id}
          type={show ? 'text' : 'password'}
          autoComplete="off"
          disabled={clear}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          placeholder={stored ? 'Leave blank to keep the stored key' : ''}
          {...register('apiKey')}
        />
        <button type="button" className="button" aria-pressed={show} onClick={() => setShow((s) => !s)}>
          {show ? 'Hide' : 'Show'}
        </button>
      </div>
      <p className="hint" id={`${id}-hint`}>
        {stored ? 'A key is stored. Type a new one to replace it.' : 'Sent to the provider as a bearer token.'}
      </p>
      {error && (
        <p className="error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {stored && (
        <label className="check-label">
          <input
            type="checkbox"
            {...register('clearKey', { onChange: (e) => e.target.checked && setValue('apiKey', '') })}
          />{' '}
          Remove the stored key
        </label>
      )}
    </div>
  );
}
