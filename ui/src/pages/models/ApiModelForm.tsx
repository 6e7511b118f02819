import { zodResolver } from '@hookform/resolvers/zod';
import { FormProvider, useForm, useWatch } from 'react-hook-form';
import { useNavigate } from 'react-router';
import type { ApiModel } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
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
import { ModelsField } from './ModelsField';
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
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <Field label="API format">
          {(ids) => (
            <select {...ids} {...register('apiFormat')}>
              {formats.map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Base URL" hint="For example https://api.openai.com/v1" error={errors.baseUrl?.message}>
          {(ids) => <input {...ids} type="url" {...register('baseUrl')} placeholder="https://api.openai.com/v1" />}
        </Field>
        <ApiKeyField stored={!!existing?.api_key_masked} />
        <div className="field">
          <label className="check-label">
            <input
              type="checkbox"
              {...register('usePrefix', { onChange: recheck })}
              aria-invalid={errors.prefix && !usePrefix ? true : undefined}
              aria-describedby={errors.prefix && !usePrefix ? 'prefix-error' : undefined}
            />{' '}
            Use a prefix
          </label>
          {usePrefix && (
            <Field
              label="Prefix"
              hint="Prepended to model names, e.g. openai/ gives openai/gpt-4o."
              error={errors.prefix?.message}
            >
              {(ids) => <input {...ids} {...register('prefix')} />}
            </Field>
          )}
          {!usePrefix && errors.prefix && (
            <p className="error" id="prefix-error">
              {errors.prefix.message}
            </p>
          )}
        </div>
        <fieldset className="field">
          <legend>Models to expose</legend>
          <label className="check-label">
            <input type="radio" name="mode" checked={!forwardAll} onChange={() => setForwardAll(false)} /> Selected
            models
          </label>
          <label className="check-label">
            <input type="radio" name="mode" checked={forwardAll} onChange={() => setForwardAll(true)} /> Forward all
            models with the prefix
          </label>
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
          <div className="row">
            <button type="button" className="button" disabled={fetchModels.isPending} onClick={fetch}>
              {fetchModels.isPending ? 'Fetching…' : 'Fetch Models'}
            </button>
            <ErrorMessage error={fetchModels.error} />
          </div>
        )}
        <TestConnection models={testable} baseUrl={draft.baseUrl} creds={creds} />
        {errors.root?.server && (
          <p className="error" role="alert">
            {errors.root.server.message}
          </p>
        )}
        <div className="row end">
          <button type="button" className="button" onClick={() => navigate(doneTo)}>
            {setup ? 'Skip' : 'Cancel'}
          </button>
          <button type="submit" className="button primary" disabled={pending}>
            {pending ? 'Saving…' : setup ? 'Continue' : existing ? 'Save' : 'Create API model'}
          </button>
        </div>
      </form>
    </FormProvider>
  );
}
