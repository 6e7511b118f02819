import { CircleAlert, CircleCheck, Loader2, Zap } from 'lucide-react';
import { useState } from 'react';
import type { TestCreds } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { Button } from '../../components/ui/button';
import { Select } from '../../components/ui/select';
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
    <div className="grid gap-3">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <Field label="Model to test" className="min-w-0 flex-1">
          {(ids) => (
            <Select {...ids} value={chosen} onChange={(e) => setModel(e.target.value)} disabled={!models.length}>
              {models.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Button
          variant="outline"
          disabled={!chosen || !baseUrl || test.isPending}
          onClick={() => test.mutate({ creds: creds(), base_url: baseUrl.trim(), model: chosen, prompt: PROMPT })}
        >
          {test.isPending ? <Loader2 className="animate-spin" aria-hidden="true" /> : <Zap aria-hidden="true" />}
          {test.isPending ? 'Testing…' : 'Test Connection'}
        </Button>
      </div>
      {!models.length && (
        <p className="text-xs text-muted-foreground">Choose or fetch a model first to send it a short prompt.</p>
      )}
      <div role="status">
        {result?.success && (
          <p className="flex items-start gap-2 text-sm text-success">
            <CircleCheck className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
            <span>Connection works. The model said: {result.response}</span>
          </p>
        )}
        {result && !result.success && (
          <p className="flex items-start gap-2 text-sm text-destructive">
            <CircleAlert className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
            <span>Connection failed: {result.error}</span>
          </p>
        )}
      </div>
      <ErrorMessage error={test.error} />
    </div>
  );
}
