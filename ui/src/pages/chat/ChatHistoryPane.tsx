import { MessageSquare, Plus, Trash2 } from 'lucide-react';
import { cn } from '../../lib/cn';
import type { StoredChat } from './chatHistory';

interface Props {
  chats: StoredChat[];
  currentId: string;
  onNew: () => void;
  onSelect: (id: string) => void;
  onDelete: (id: string) => void;
}

/** The saved chats of this user in this browser and org, newest first. */
export function ChatHistoryPane({ chats, currentId, onNew, onSelect, onDelete }: Props) {
  return (
    <nav className="flex min-h-0 flex-1 flex-col gap-2" aria-label="Chat history">
      <button
        type="button"
        onClick={onNew}
        className="inline-flex h-9 items-center justify-center gap-1.5 rounded-md bg-primary px-3 text-sm font-medium text-primary-foreground hover:brightness-95 dark:hover:brightness-110 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
      >
        <Plus className="size-4" aria-hidden />
        New chat
      </button>
      {chats.length === 0 ? (
        <p className="px-1 text-sm text-muted-foreground">No saved chats yet.</p>
      ) : (
        <ul className="-mx-1 flex min-h-0 flex-1 list-none flex-col gap-0.5 overflow-y-auto px-1">
          {chats.map((c) => {
            const current = c.id === currentId;
            return (
              <li
                key={c.id}
                data-testid="chat-history-item"
                className={cn(
                  'group flex items-center gap-1 rounded-md',
                  current ? 'bg-accent text-accent-foreground' : 'hover:bg-muted',
                )}
              >
                <button
                  type="button"
                  aria-current={current ? 'true' : undefined}
                  onClick={() => onSelect(c.id)}
                  className={cn(
                    'flex min-w-0 flex-1 items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm focus-visible:outline-2 focus-visible:outline-ring',
                    current && 'font-medium',
                  )}
                >
                  <MessageSquare className="size-4 shrink-0 opacity-70" aria-hidden />
                  <span className="truncate">{c.title}</span>
                </button>
                <button
                  type="button"
                  aria-label={`Delete chat ${c.title}`}
                  title="Delete chat"
                  onClick={() => onDelete(c.id)}
                  className="mr-1 inline-flex size-7 shrink-0 items-center justify-center rounded-md text-muted-foreground hover:bg-destructive/10 hover:text-destructive focus-visible:outline-2 focus-visible:outline-ring"
                >
                  <Trash2 className="size-4" aria-hidden />
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </nav>
  );
}
