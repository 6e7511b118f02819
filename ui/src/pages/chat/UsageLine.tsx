import type { Usage } from '../../lib/chatStream';

/** The tokens a reply's request used, as the provider counted them. */
export function UsageLine({ usage }: { usage: Usage }) {
  return (
    <p className="text-xs text-muted-foreground tabular-nums" data-testid="message-usage">
      {usage.prompt_tokens} prompt · {usage.completion_tokens} completion · {usage.total_tokens} total tokens
    </p>
  );
}
