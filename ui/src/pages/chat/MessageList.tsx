import { lazy, Suspense } from 'react';
import type { ChatMessage } from '../../api/types';
import { ToolCallView } from './ToolCallView';

// The Markdown renderer is a large part of the bundle: it loads with the first answer, which shows as plain text
// until then.
const Markdown = lazy(() => import('./Markdown').then((m) => ({ default: m.Markdown })));

const WHO: Record<Exclude<ChatMessage['role'], 'tool'>, string> = {
  user: 'You',
  assistant: 'Assistant',
  system: 'System',
};

/**
 * The conversation; a live log, so screen readers hear the reply as it streams. Tool messages are shown inside the
 * assistant message whose call they answer.
 */
export function MessageList({ messages, streaming }: { messages: ChatMessage[]; streaming: boolean }) {
  if (!messages.length) return <p className="muted chat-empty">Send a message to start.</p>;
  const results = new Map<string, string>();
  for (const m of messages) if (m.role === 'tool') results.set(m.tool_call_id, m.content);
  const last = messages.length - 1;
  return (
    <ol className="messages" role="log" aria-live="polite" aria-busy={streaming}>
      {messages.map((m, i) =>
        m.role === 'tool' ? null : (
          <li key={i} className={`message ${m.role}`} data-testid={`message-${m.role}`}>
            <span className="message-who">{WHO[m.role]}</span>
            {m.role === 'assistant' ? (
              <>
                {m.content ? (
                  <Suspense fallback={<div className="message-text">{m.content}</div>}>
                    <Markdown text={m.content} />
                  </Suspense>
                ) : (
                  streaming && i === last && !m.tool_calls?.length && <div className="message-text">…</div>
                )}
                {m.tool_calls?.map((c, j) => (
                  <ToolCallView key={c.id || j} call={c} result={results.get(c.id)} />
                ))}
              </>
            ) : (
              <div className="message-text">{m.content}</div>
            )}
          </li>
        ),
      )}
    </ol>
  );
}
