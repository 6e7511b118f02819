import { useState } from 'react';
import type { TestCreds } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { useTestPrompt } from './useApiModels';

interface Props {
  models: string[];
  baseUrl: string;
  creds: () => TestCreds;
}

const PROMPT = 'Say hello in five words.';

/** Sends a short prompt to one model through the server, with the form's credentials. */
export function TestConnection({ models, baseUrl, creds }: Props) {
  const [model, setModel] = useState('');
  const test = useTestPrompt();
  const chosen = models.includes(model) ? model : (models[0] ?? '');
  const result = test.data;
  return (
    <div className="test-connection">
      <Field label="Model to test">
        {(ids) => (
          <select {...ids} value={chosen} onChange={(e) => setModel(e.target.value)} disabled={!models.length}>
            {models.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button
        type="button"
        className="button"
        disabled={!chosen || !baseUrl || test.isPending}
        onClick={() => test.mutate({ creds: creds(), base_url: baseUrl.trim(), model: chosen, prompt: PROMPT })}
      >
        {test.isPending ? 'Testing…' : 'Test Connection'}
      </button>
      <div role="status">
        {result?.success && <p className="success">Connection works. The model said: {result.response}</p>}
        {result && !result.success && <p className="error">Connection failed: {result.error}</p>}
      </div>
      <ErrorMessage error={test.error} />
    </div>
  );
}
