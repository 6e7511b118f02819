import type { ToolCall } from '../../api/types';

interface Props {
  call: ToolCall;
  /** The tool message's content; absent while the call runs. */
  result: string | undefined;
}

function pretty(json: string): string {
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}

function failed(result: string | undefined): boolean {
  if (!result) return false;
  try {
    const v = JSON.parse(result) as unknown;
    return !!v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && 'error' in v;
  } catch {
    return false;
  }
}

/** A tool call and its result, folded by default. */
export function ToolCallView({ call, result }: Props) {
  const state = result === undefined ? 'running…' : failed(result) ? 'failed' : 'done';
  return (
    <details className="tool-call" data-testid="tool-call">
      <summary>
        Tool call <code>{call.function.name}</code> <span className="badge">{state}</span>
      </summary>
      <p className="tool-call-label">Arguments</p>
      <pre>{pretty(call.function.arguments || '{}')}</pre>
      {result !== undefined && (
        <>
          <p className="tool-call-label">Result</p>
          <pre data-testid="tool-result">{pretty(result)}</pre>
        </>
      )}
    </details>
  );
}
