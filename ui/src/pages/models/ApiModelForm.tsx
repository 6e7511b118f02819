import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { isApiError } from '../../api/ApiError';
import type { ApiModel } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { ApiKeyField } from './ApiKeyField';
import {
  createRequest,
  draftFrom,
  emptyDraft,
  testCreds,
  updateRequest,
  validateDraft,
  type ApiModelDraft,
  type DraftErrors,
} from './apiModelRequest';
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

/** An OpenAI-compatible provider: where it is, its key, and which of its models to expose (ui.md §8.4). */
export function ApiModelForm({ existing, doneTo = '/models', setup = false }: Props) {
  const navigate = useNavigate();
  const editId = existing?.id ?? null;
  const formats = useApiFormats().data?.data ?? ['openai'];
  const [draft, setDraft] = useState<ApiModelDraft>(() => (existing ? draftFrom(existing) : emptyDraft()));
  const [errors, setErrors] = useState<DraftErrors>({});
  const fetchModels = useFetchModels();
  const save = useSaveApiModel(editId);
  const set = (patch: Partial<ApiModelDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const creds = () => testCreds(draft, editId);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = validateDraft(draft);
    setErrors(found);
    if (Object.keys(found).length) return;
    save.mutate(editId ? updateRequest(draft) : createRequest(draft), { onSuccess: () => navigate(doneTo) });
  };

  const blocked = isApiError(save.error) && save.error.code === 'ai_api_service_error-blocked_address';
  const fetched = fetchModels.data?.models ?? [];
  const testable = draft.forwardAll ? fetched : draft.models;

  return (
    <form className="form" onSubmit={submit} noValidate>
      <Field label="API format">
        {(ids) => (
          <select {...ids} value={draft.apiFormat} onChange={(e) => set({ apiFormat: e.target.value })}>
            {formats.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label="Base URL"
        hint="For example https://api.openai.com/v1"
        error={errors.baseUrl ?? (blocked ? save.error?.message : null)}
      >
        {(ids) => (
          <input
            {...ids}
            type="url"
            value={draft.baseUrl}
            onChange={(e) => set({ baseUrl: e.target.value })}
            placeholder="https://api.openai.com/v1"
          />
        )}
      </Field>
      <ApiKeyField
        value={draft.apiKey}
        onChange={(apiKey) => set({ apiKey })}
        stored={!!existing?.api_key_masked}
        clear={draft.clearKey}
        onClear={(clearKey) => set({ clearKey, apiKey: clearKey ? '' : draft.apiKey })}
      />
      <div className="field">
        <label className="check-label">
          <input type="checkbox" checked={draft.usePrefix} onChange={(e) => set({ usePrefix: e.target.checked })} /> Use
          a prefix
        </label>
        {draft.usePrefix && (
          <Field
            label="Prefix"
            hint="Prepended to model names, e.g. openai/ gives openai/gpt-4o."
            error={errors.prefix}
          >
            {(ids) => <input {...ids} value={draft.prefix} onChange={(e) => set({ prefix: e.target.value })} />}
          </Field>
        )}
        {!draft.usePrefix && errors.prefix && <p className="error">{errors.prefix}</p>}
      </div>
      <fieldset className="field">
        <legend>Models to expose</legend>
        <label className="check-label">
          <input type="radio" name="mode" checked={!draft.forwardAll} onChange={() => set({ forwardAll: false })} />{' '}
          Selected models
        </label>
        <label className="check-label">
          <input type="radio" name="mode" checked={draft.forwardAll} onChange={() => set({ forwardAll: true })} />{' '}
          Forward all models with the prefix
        </label>
      </fieldset>
      {!draft.forwardAll && (
        <ModelsField
          selected={draft.models}
          onChange={(models) => set({ models })}
          available={fetched}
          fetching={fetchModels.isPending}
          fetchError={fetchModels.error}
          onFetch={() => fetchModels.mutate({ creds: creds(), base_url: draft.baseUrl.trim() })}
          error={errors.models}
        />
      )}
      {draft.forwardAll && (
        <div className="row">
          <button
            type="button"
            className="button"
            disabled={fetchModels.isPending}
            onClick={() => fetchModels.mutate({ creds: creds(), base_url: draft.baseUrl.trim() })}
          >
            {fetchModels.isPending ? 'Fetching…' : 'Fetch Models'}
          </button>
          <ErrorMessage error={fetchModels.error} />
        </div>
      )}
      <TestConnection models={testable} baseUrl={draft.baseUrl} creds={creds} />
      {!blocked && <ErrorMessage error={save.error} />}
      <div className="row end">
        <button type="button" className="button" onClick={() => navigate(doneTo)}>
          {setup ? 'Skip' : 'Cancel'}
        </button>
        <button type="submit" className="button primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : setup ? 'Continue' : existing ? 'Save' : 'Create API model'}
        </button>
      </div>
    </form>
  );
}
