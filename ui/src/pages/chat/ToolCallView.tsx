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
    <details className="tool-call my-2 border-border bg-card text-sm" data-testid="tool-call">
      <summary className="cursor-pointer rounded-sm focus-visible:outline-2 focus-visible:outline-ring">
        Tool call <code className="rounded-sm bg-muted px-1 text-xs">{call.function.name}</code>{' '}
        <span
          className={
            state === 'failed'
              ? 'rounded-sm bg-destructive/10 px-1.5 text-xs text-destructive'
              : 'rounded-sm bg-muted px-1.5 text-xs text-muted-foreground'
          }
        >
          {state}
        </span>
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
