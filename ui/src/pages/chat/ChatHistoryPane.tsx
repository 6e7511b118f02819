import type { StoredChat } from './chatHistory';

interface Props {
  chats: StoredChat[];
  currentId: string;
  onNew: () => void;
  onSelect: (id: string) => void;
  onDelete: (id: string) => void;
}

/** The saved chats of this browser (and org), newest first. */
export function ChatHistoryPane({ chats, currentId, onNew, onSelect, onDelete }: Props) {
  return (
    <nav className="chat-history" aria-label="Chat history">
      <button type="button" className="button primary" onClick={onNew}>
        New chat
      </button>
      {chats.length === 0 ? (
        <p className="muted">No saved chats yet.</p>
      ) : (
        <ul className="chat-history-list">
          {chats.map((c) => {
            const current = c.id === currentId;
            return (
              <li key={c.id} className={current ? 'active' : undefined} data-testid="chat-history-item">
                <button
                  type="button"
                  className="chat-history-select"
                  aria-current={current ? 'true' : undefined}
                  onClick={() => onSelect(c.id)}
                >
                  {c.title}
                </button>
                <button
                  type="button"
                  className="button small"
                  aria-label={`Delete chat ${c.title}`}
                  onClick={() => onDelete(c.id)}
                >
                  Delete
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </nav>
  );
}
