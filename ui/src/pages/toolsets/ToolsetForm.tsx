import { zodResolver } from '@hookform/resolvers/zod';
import { useForm, useWatch } from 'react-hook-form';
import type { AppToolsetConfig } from '../../api/types';
import { Field } from '../../components/Field';
import { showServerError } from '../models/formErrors';
import { DESCRIPTION_MAX, toolsetSchema, type ToolsetFormValues } from './toolsetForm';

interface Props {
  mode: 'new' | 'edit';
  initial: ToolsetFormValues;
  /** New only: the types enabled for the org. */
  types: AppToolsetConfig[];
  /** Edit only: a key is stored. */
  hasKey: boolean;
  /** Saves; a rejection is shown at the field it names, or for the whole form. */
  onSubmit: (values: ToolsetFormValues) => Promise<unknown>;
}

const SERVER_FIELDS = {
  fields: { slug: 'slug', description: 'description', api_key: 'apiKey', toolset_type: 'toolsetType' },
  codes: { 'toolset_error-slug_exists': 'slug', 'toolset_error-invalid_toolset_type': 'toolsetType' },
} as const;

/** Type (new only), slug, description, enabled and the API key with Keep/Replace on edit. */
export function ToolsetForm({ mode, initial, types, hasKey, onSubmit }: Props) {
  const { register, handleSubmit, setError, control, trigger, formState } = useForm<ToolsetFormValues>({
    resolver: zodResolver(toolsetSchema(mode)),
    defaultValues: initial,
    mode: 'onTouched',
    reValidateMode: 'onChange',
  });
  const replaceKey = useWatch({ control, name: 'replaceKey' });
  const { errors, isSubmitting } = formState;

  const submit = handleSubmit(async (v) => {
    try {
      await onSubmit(v);
    } catch (e) {
      showServerError(e, setError, SERVER_FIELDS);
    }
  });

  const keyInput = (
    <Field label="API key" error={errors.apiKey?.message}>
      {(ids) => <input {...ids} type="password" autoComplete="off" {...register('apiKey')} />}
    </Field>
  );

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate>
      {mode === 'new' && (
        <Field label="Type" error={errors.toolsetType?.message}>
          {(ids) => (
            <select {...ids} {...register('toolsetType')}>
              {types.map((t) => (
                <option key={t.toolset_type} value={t.toolset_type}>
                  {t.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field
        label="Slug"
        hint="1 to 24 letters, digits or hyphens; the name tools get in chat."
        error={errors.slug?.message}
      >
        {(ids) => <input {...ids} autoComplete="off" {...register('slug')} />}
      </Field>
      <Field label="Description (optional)" error={errors.description?.message}>
        {(ids) => <textarea {...ids} rows={2} maxLength={DESCRIPTION_MAX + 1} {...register('description')} />}
      </Field>
      <label className="check-label">
        <input type="checkbox" {...register('enabled')} /> Enabled
      </label>
      {mode === 'new' ? (
        keyInput
      ) : (
        <div className="field">
          <p className="hint">{hasKey ? 'An API key is stored.' : 'No API key is stored.'}</p>
          <label className="check-label">
            <input
              type="checkbox"
              {...register('replaceKey', { onChange: () => formState.isSubmitted && void trigger('apiKey') })}
            />{' '}
            Replace the API key
          </label>
          {replaceKey && keyInput}
        </div>
      )}
      {errors.root?.server && (
        <p className="error" role="alert">
          {errors.root.server.message}
        </p>
      )}
      <div className="row end">
        <button type="submit" className="button primary" disabled={isSubmitting}>
          {mode === 'new' ? 'Create toolset' : 'Save toolset'}
        </button>
      </div>
    </form>
  );
}
