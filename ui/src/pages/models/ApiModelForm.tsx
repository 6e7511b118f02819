import { zodResolver } from '@hookform/resolvers/zod';
import { Loader2 } from 'lucide-react';
import { useId, type ReactNode } from 'react';
import { FormProvider, useForm, useWatch } from 'react-hook-form';
import { useNavigate } from 'react-router';
import type { ApiModel } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { Button } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import { Input } from '../../components/ui/input';
import { Select } from '../../components/ui/select';
import { toast } from '../../lib/toast';
import { ApiKeyField } from './ApiKeyField';
import {
  apiModelSchema,
  createRequest,
  draftFrom,
  emptyDraft,
  testCreds,
  updateRequest,
  type ApiModelDraft,
} from './apiModelRequest';
import { showServerError, type ServerFieldMap } from './formErrors';
import { CheckField, FieldError, FormActions, FormError } from './formParts';
import { FetchButton, ModelsField } from './ModelsField';
import { TestConnection } from './TestConnection';
import { useApiFormats, useFetchModels, useSaveApiModel } from './useApiModels';

interface Props {
  /** The row being edited; absent when creating. */
  existing?: ApiModel;
  /** Where to go after saving, or on Cancel. */
  doneTo?: string;
  /** In the setup flow: Cancel becomes Skip and saving says Continue. */
  setup?: boolean;
}

const SERVER_FIELDS: ServerFieldMap<ApiModelDraft> = {
  fields: { base_url: 'baseUrl', api_key: 'apiKey', prefix: 'prefix', models: 'models', api_format: 'apiFormat' },
  codes: {
    'ai_api_service_error-blocked_address': 'baseUrl',
    'db_error-prefix_exists': 'prefix',
    'obj_validation_error-forward_all_requires_prefix': 'prefix',
  },
};

/** An OpenAI-compatible provider: where it is, its key, and which of its models to expose (ui.md §8.4). */
export function ApiModelForm({ existing, doneTo = '/models', setup = false }: Props) {
  const navigate = useNavigate();
  const editId = existing?.id ?? null;
  const formats = useApiFormats().data?.data ?? ['openai'];
  const form = useForm<ApiModelDraft>({
    resolver: zodResolver(apiModelSchema),
    defaultValues: existing ? draftFrom(existing) : emptyDraft(),
    // A field is checked once left, and re-checked on every change after that or after a submit, so an error
    // goes away as soon as the value is fixed.
    mode: 'onTouched',
    reValidateMode: 'onChange',
  });
  const { register, handleSubmit, control, setError, trigger, formState } = form;
  const fetchModels = useFetchModels();
  const save = useSaveApiModel(editId);
  const draft = useWatch({ control }) as ApiModelDraft;
  const creds = () => testCreds(form.getValues(), editId);

  // The prefix and model rules depend on "forward all" and "use a prefix": after a submit, flipping those re-checks
  // them so a fixed error goes away at once.
  const { forwardAll, usePrefix } = draft;
  const recheck = () => {
    if (formState.isSubmitted) void trigger(['prefix', 'models']);
  };
  const setForwardAll = (value: boolean) => {
    form.setValue('forwardAll', value, { shouldDirty: true });
    recheck();
  };

  const submit = handleSubmit(async (d) => {
    try {
      const saved = await save.mutateAsync(editId ? updateRequest(d) : createRequest(d));
      const name = saved.prefix ? `${saved.prefix}*` : saved.base_url;
      toast.success(editId ? 'API model saved' : 'API model created', name);
      navigate(doneTo);
    } catch (e) {
      showServerError(e, setError, SERVER_FIELDS);
    }
  });

  const fetch = () => fetchModels.mutate({ creds: creds(), base_url: form.getValues('baseUrl').trim() });
  const fetched = fetchModels.data?.models ?? [];
  const testable = draft.forwardAll ? fetched : draft.models;
  const errors = formState.errors;
  const pending = formState.isSubmitting;

  return (
    <FormProvider {...form}>
      <form className="max-w-3xl space-y-6" onSubmit={(e) => void submit(e)} noValidate>
        <FormSection title="Provider" plain={setup}>
          <Field label="API format">
            {(ids) => (
              <Select {...ids} {...register('apiFormat')}>
                {formats.map((f) => (
                  <option key={f} value={f}>
                    {f}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label="Base URL" hint="For example https://api.openai.com/v1" error={errors.baseUrl?.message}>
            {(ids) => <Input {...ids} type="url" {...register('baseUrl')} placeholder="https://api.openai.com/v1" />}
          </Field>
          <ApiKeyField stored={!!existing?.api_key_masked} />
        </FormSection>
        <FormSection title="Models" plain={setup}>
          <div className="grid gap-3">
            <CheckField
              label="Use a prefix"
              {...register('usePrefix', { onChange: recheck })}
              aria-invalid={errors.prefix && !usePrefix ? true : undefined}
              aria-describedby={errors.prefix && !usePrefix ? 'prefix-error' : undefined}
            />
            {usePrefix && (
              <Field
                label="Prefix"
                hint="Prepended to model names, e.g. openai/ gives openai/gpt-4o."
                error={errors.prefix?.message}
              >
                {(ids) => <Input {...ids} autoComplete="off" {...register('prefix')} />}
              </Field>
            )}
            {!usePrefix && errors.prefix && <FieldError id="prefix-error">{errors.prefix.message}</FieldError>}
          </div>
          <fieldset className="grid gap-2">
            <legend className="mb-2 text-sm font-medium">Models to expose</legend>
            <CheckField
              type="radio"
              name="mode"
              label="Selected models"
              checked={!forwardAll}
              onChange={() => setForwardAll(false)}
            />
            <CheckField
              type="radio"
              name="mode"
              label="Forward all models with the prefix"
              checked={forwardAll}
              onChange={() => setForwardAll(true)}
            />
          </fieldset>
          {!forwardAll && (
            <ModelsField
              available={fetched}
              fetching={fetchModels.isPending}
              fetchError={fetchModels.error}
              onFetch={fetch}
            />
          )}
          {forwardAll && (
            <div className="flex flex-wrap items-center gap-3">
              <FetchButton pending={fetchModels.isPending} onClick={fetch} />
              {fetched.length > 0 && (
                <span className="text-sm text-muted-foreground">{fetched.length} models found</span>
              )}
              <ErrorMessage error={fetchModels.error} />
            </div>
          )}
        </FormSection>
        <FormSection title="Test" plain={setup}>
          <TestConnection models={testable} baseUrl={draft.baseUrl} creds={creds} />
        </FormSection>
        <FormError message={errors.root?.server?.message} />
        <FormActions>
          <Button variant="outline" onClick={() => navigate(doneTo)}>
            {setup ? 'Skip' : 'Cancel'}
          </Button>
          <Button type="submit" disabled={pending}>
            {pending && <Loader2 className="animate-spin" aria-hidden="true" />}
            {pending ? 'Saving…' : setup ? 'Continue' : existing ? 'Save' : 'Create API model'}
          </Button>
        </FormActions>
      </form>
    </FormProvider>
  );
}

/** A titled part of the form: a card on its own page, a plain block inside the setup flow's card. */
function FormSection({ title, plain, children }: { title: string; plain: boolean; children: ReactNode }) {
  const id = useId();
  const heading = (
    <h2 id={id} className="m-0 text-base font-semibold">
      {title}
    </h2>
  );
  if (plain)
    return (
      <div className="grid gap-5 border-t border-border pt-5" role="group" aria-labelledby={id}>
        {heading}
        {children}
      </div>
    );
  return (
    <Card className="gap-5 p-4 md:p-6" role="group" aria-labelledby={id}>
      {heading}
      {children}
    </Card>
  );
}
