import { zodResolver } from '@hookform/resolvers/zod';
import { KeyRound, Loader2 } from 'lucide-react';
import type { ReactNode } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import type { AppToolsetConfig } from '../../api/types';
import { Field } from '../../components/Field';
import { Button } from '../../components/ui/button';
import { Input } from '../../components/ui/input';
import { Select } from '../../components/ui/select';
import { Textarea } from '../../components/ui/textarea';
import { showServerError } from '../models/formErrors';
import { CheckField, FormActions, FormError } from '../models/formParts';
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
  /** Buttons before the submit button, such as Cancel. */
  extraActions?: ReactNode;
}

const SERVER_FIELDS = {
  fields: { slug: 'slug', description: 'description', api_key: 'apiKey', toolset_type: 'toolsetType' },
  codes: { 'toolset_error-slug_exists': 'slug', 'toolset_error-invalid_toolset_type': 'toolsetType' },
} as const;

/** Type (new only), slug, description, enabled and the API key with Keep/Replace on edit. */
export function ToolsetForm({ mode, initial, types, hasKey, onSubmit, extraActions }: Props) {
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
      {(ids) => <Input {...ids} type="password" autoComplete="off" {...register('apiKey')} />}
    </Field>
  );

  return (
    <form className="grid gap-5" onSubmit={(e) => void submit(e)} noValidate>
      {mode === 'new' && (
        <Field label="Type" error={errors.toolsetType?.message}>
          {(ids) => (
            <Select {...ids} {...register('toolsetType')}>
              {types.map((t) => (
                <option key={t.toolset_type} value={t.toolset_type}>
                  {t.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
      )}
      <Field
        label="Slug"
        hint="1 to 24 letters, digits or hyphens; the name tools get in chat."
        error={errors.slug?.message}
      >
        {(ids) => <Input {...ids} autoComplete="off" {...register('slug')} />}
      </Field>
      <Field label="Description (optional)" error={errors.description?.message}>
        {(ids) => <Textarea {...ids} rows={2} maxLength={DESCRIPTION_MAX + 1} {...register('description')} />}
      </Field>
      <CheckField label="Enabled" hint="Only enabled toolsets are offered in chat." {...register('enabled')} />
      {mode === 'new' ? (
        keyInput
      ) : (
        <div className="grid gap-3 rounded-md border border-border p-3">
          <p className="flex items-center gap-2 text-sm text-muted-foreground">
            <KeyRound className="size-4" aria-hidden="true" />
            {hasKey ? 'An API key is stored.' : 'No API key is stored.'}
          </p>
          <CheckField
            label="Replace the API key"
            {...register('replaceKey', { onChange: () => formState.isSubmitted && void trigger('apiKey') })}
          />
          {replaceKey && keyInput}
        </div>
      )}
      <FormError message={errors.root?.server?.message} />
      <FormActions>
        {extraActions}
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting && <Loader2 className="animate-spin" aria-hidden="true" />}
          {mode === 'new' ? 'Create toolset' : 'Save toolset'}
        </Button>
      </FormActions>
    </form>
  );
}
