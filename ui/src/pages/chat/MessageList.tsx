import type { ChatMessage } from '../../api/types';

const WHO: Record<ChatMessage['role'], string> = { user: 'You', assistant: 'Assistant', system: 'System' };

/** The conversation; a live log, so screen readers hear the reply as it streams. */
export function MessageList({ messages, streaming }: { messages: ChatMessage[]; streaming: boolean }) {
  if (!messages.length) return <p className="muted chat-empty">Send a message to start.</p>;
  return (
    <ol className="messages" role="log" aria-live="polite" aria-busy={streaming}>
      {messages.map((m, i) => (
        <li key={i} className={`message ${m.role}`} data-testid={`message-${m.role}`}>
          <span className="message-who">{WHO[m.role]}</span>
          <div className="message-text">{m.content || (streaming && i === messages.length - 1 ? '…' : '')}</div>
        </li>
      ))}
    </ol>
  );
}
