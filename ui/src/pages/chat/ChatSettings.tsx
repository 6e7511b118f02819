import { Field } from '../../components/Field';

interface Props {
  systemPrompt: string;
  onSystemPrompt: (v: string) => void;
  token: string;
  onToken: (v: string) => void;
}

/** Optional settings: a system prompt and an API token that replaces the session cookie (kept in memory only). */
export function ChatSettings({ systemPrompt, onSystemPrompt, token, onToken }: Props) {
  return (
    <details className="chat-settings">
      <summary>Options</summary>
      <Field label="System prompt">
        {(ids) => <textarea {...ids} rows={3} value={systemPrompt} onChange={(e) => onSystemPrompt(e.target.value)} />}
      </Field>
      <Field label="API token" hint="When set, requests use this token instead of your session.">
        {(ids) => (
          <input {...ids} type="password" autoComplete="off" value={token} onChange={(e) => onToken(e.target.value)} />
        )}
      </Field>
    </details>
  );
}
