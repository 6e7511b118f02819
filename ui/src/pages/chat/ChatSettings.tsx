import { NUMERIC_PARAMS, type ChatParams, type NumericParam, type Optional, type ResponseFormat } from './chatParams';
import { OptionalParam } from './OptionalParam';
import { StreamSwitch } from './StreamSwitch';

interface Props {
  params: ChatParams;
  onChange: (params: ChatParams) => void;
}

const NUMERIC_LABELS: Record<NumericParam, string> = {
  seed: 'Seed',
  maxTokens: 'Max tokens',
  n: 'Number of replies (n)',
  temperature: 'Temperature',
  topP: 'Top P',
  presencePenalty: 'Presence penalty',
  frequencyPenalty: 'Frequency penalty',
};

/**
 * Optional request parameters, each sent only when its switch is on, and an API token that replaces the session
 * cookie (kept in memory only). Editing a value switches it on.
 */
export function ChatSettings({ params, onChange }: Props) {
  const set = <K extends keyof ChatParams>(key: K, patch: Partial<Optional<ChatParams[K]['value']>>) =>
    onChange({ ...params, [key]: { ...params[key], ...patch } });
  const edit = <K extends keyof ChatParams>(key: K, value: ChatParams[K]['value']) =>
    set(key, { value, enabled: true });
  const toggle = (key: keyof ChatParams) => (enabled: boolean) => set(key, { enabled });

  return (
    <details className="group flex flex-col">
      <summary className="cursor-pointer rounded-md py-1 text-sm font-semibold text-foreground focus-visible:outline-2 focus-visible:outline-ring">
        Options
      </summary>
      <div className="mt-2 flex flex-col gap-3">
        <OptionalParam label="System prompt" enabled={params.systemPrompt.enabled} onEnabled={toggle('systemPrompt')}>
          {(ids) => (
            <textarea
              {...ids}
              rows={3}
              value={params.systemPrompt.value}
              onChange={(e) => edit('systemPrompt', e.target.value)}
            />
          )}
        </OptionalParam>
        <StreamSwitch
          on={params.stream.enabled && params.stream.value}
          onChange={(on) => set('stream', { enabled: on, value: true })}
        />
        {(Object.keys(NUMERIC_PARAMS) as NumericParam[]).map((key) => {
          const spec = NUMERIC_PARAMS[key];
          return (
            <OptionalParam key={key} label={NUMERIC_LABELS[key]} enabled={params[key].enabled} onEnabled={toggle(key)}>
              {(ids) => (
                <input
                  {...ids}
                  type="number"
                  inputMode={spec.integer ? 'numeric' : 'decimal'}
                  step={spec.integer ? 1 : 0.1}
                  min={spec.min}
                  max={spec.max}
                  value={params[key].value}
                  onChange={(e) => edit(key, e.target.value)}
                />
              )}
            </OptionalParam>
          );
        })}
        <OptionalParam label="Stop words" enabled={params.stop.enabled} onEnabled={toggle('stop')} hint="One per line.">
          {(ids) => (
            <textarea {...ids} rows={2} value={params.stop.value} onChange={(e) => edit('stop', e.target.value)} />
          )}
        </OptionalParam>
        <OptionalParam
          label="Response format"
          enabled={params.responseFormat.enabled}
          onEnabled={toggle('responseFormat')}
        >
          {(ids) => (
            <select
              {...ids}
              value={params.responseFormat.value}
              onChange={(e) => edit('responseFormat', e.target.value as ResponseFormat)}
            >
              <option value="text">Text</option>
              <option value="json_object">JSON object</option>
            </select>
          )}
        </OptionalParam>
        <OptionalParam
          label="Max tool iterations"
          enabled={params.maxToolIterations.enabled}
          onEnabled={toggle('maxToolIterations')}
          hint="Rounds of tool calls before the model must answer. Default 5."
        >
          {(ids) => (
            <input
              {...ids}
              type="number"
              inputMode="numeric"
              min={0}
              step={1}
              value={params.maxToolIterations.value}
              onChange={(e) => edit('maxToolIterations', e.target.value)}
            />
          )}
        </OptionalParam>
        <OptionalParam
          label="API token"
          enabled={params.token.enabled}
          onEnabled={toggle('token')}
          hint="When on, chat requests use this token instead of your session. Kept in memory only."
        >
          {(ids) => (
            <input
              {...ids}
              type="password"
              autoComplete="off"
              value={params.token.value}
              onChange={(e) => edit('token', e.target.value)}
            />
          )}
        </OptionalParam>
      </div>
    </details>
  );
}
