import { lazy, Suspense, useState } from 'react';
import { Bot, Loader2, Pencil, RefreshCw, User } from 'lucide-react';
import { cn } from '../../lib/cn';
import { CopyButton } from './CopyButton';
import { IconButton } from './IconButton';
import { MessageEditor } from './MessageEditor';
import { ToolCallView } from './ToolCallView';
import type { ChatTurn, Reply } from './turns';
import { UsageLine } from './UsageLine';

// The Markdown renderer is a large part of the bundle: it loads with the first answer, which shows as plain text
// until then.
const Markdown = lazy(() => import('./Markdown').then((m) => ({ default: m.Markdown })));

const WHO: Record<Exclude<ChatTurn['role'], 'tool'>, string> = {
  user: 'You',
  assistant: 'Assistant',
  system: 'System',
};

interface Props {
  messages: ChatTurn[];
  streaming: boolean;
  /** The local alias being asked: before its first byte, the reply may wait for llama-server to load it. */
  localModel?: string;
  /** Asks again for the last reply; absent when a new request cannot be sent (no model). */
  onRegenerate?: () => void;
  /** Replaces user message `index` and asks again; absent as onRegenerate. */
  onEdit?: (index: number, text: string) => void;
}

/**
 * The conversation; a live log, so screen readers hear the reply as it streams. Tool messages are shown inside the
 * assistant message whose call they answer.
 */
export function MessageList({ messages, streaming, localModel, onRegenerate, onEdit }: Props) {
  const [editing, setEditing] = useState<number | null>(null);
  if (!messages.length)
    return (
      <div className="flex h-full flex-col items-center justify-center gap-2 p-8 text-center text-muted-foreground">
        <Bot className="size-10 opacity-60" aria-hidden />
        <p>Send a message to start.</p>
      </div>
    );
  const results = new Map<string, string>();
  for (const m of messages) if (m.role === 'tool') results.set(m.tool_call_id, m.content);
  const last = messages.length - 1;
  const idle = !streaming;
  return (
    <ol
      className="mx-auto flex w-full max-w-3xl list-none flex-col gap-6 px-4 py-6"
      role="log"
      aria-live="polite"
      aria-busy={streaming}
    >
      {messages.map((m, i) =>
        m.role === 'tool' ? null : (
          <li key={i} className="flex gap-3" data-testid={`message-${m.role}`}>
            <Avatar role={m.role} />
            <div className="min-w-0 flex-1">
              <p className="mb-1 text-sm font-semibold text-foreground">{WHO[m.role]}</p>
              {m.role === 'assistant' ? (
                <AssistantBody reply={m} results={results} pending={streaming && i === last} localModel={localModel} />
              ) : editing === i && onEdit ? (
                <MessageEditor
                  initial={m.content}
                  busy={streaming}
                  onCancel={() => setEditing(null)}
                  onSubmit={(text) => {
                    setEditing(null);
                    onEdit(i, text);
                  }}
                />
              ) : (
                <div className="rounded-lg bg-secondary px-3 py-2 whitespace-pre-wrap text-secondary-foreground [overflow-wrap:anywhere]">
                  {m.content}
                </div>
              )}
              {editing !== i && (
                <div className="mt-1 flex flex-wrap items-center gap-1">
                  {m.content && <CopyButton text={m.content} />}
                  {m.role === 'user' && onEdit && idle && (
                    <IconButton label="Edit" onClick={() => setEditing(i)}>
                      <Pencil aria-hidden />
                    </IconButton>
                  )}
                  {m.role === 'assistant' && i === last && onRegenerate && idle && (
                    <IconButton label="Regenerate" onClick={onRegenerate}>
                      <RefreshCw aria-hidden />
                    </IconButton>
                  )}
                  {m.role === 'assistant' && m.stopped && (
                    <span className="rounded-sm bg-muted px-1.5 py-0.5 text-xs text-muted-foreground">Stopped</span>
                  )}
                  {m.role === 'assistant' && m.usage && <UsageLine usage={m.usage} />}
                </div>
              )}
            </div>
          </li>
        ),
      )}
    </ol>
  );
}

function Avatar({ role }: { role: Exclude<ChatTurn['role'], 'tool'> }) {
  const Icon = role === 'user' ? User : Bot;
  return (
    <span
      aria-hidden
      className={cn(
        'flex size-8 shrink-0 items-center justify-center rounded-full',
        role === 'user' ? 'bg-primary text-primary-foreground' : 'border border-border bg-card text-foreground',
      )}
    >
      <Icon className="size-4" />
    </span>
  );
}

interface BodyProps {
  reply: Reply;
  results: Map<string, string>;
  pending: boolean;
  localModel?: string;
}

function AssistantBody({ reply, results, pending, localModel }: BodyProps) {
  return (
    <div className="text-foreground">
      {reply.content ? (
        <Suspense fallback={<div className="whitespace-pre-wrap">{reply.content}</div>}>
          <Markdown text={reply.content} />
        </Suspense>
      ) : (
        pending &&
        !reply.tool_calls?.length &&
        (localModel ? (
          <p className="flex items-center gap-2 py-2 text-sm text-muted-foreground" role="status">
            <Loader2 className="size-4 shrink-0 animate-spin motion-reduce:animate-none" aria-hidden />
            <span>
              Waiting for {localModel}… the first reply of a local model waits for llama-server to load it, which can
              take a minute.
            </span>
          </p>
        ) : (
          <div className="flex gap-1 py-2" aria-label="Writing a reply" role="status">
            <span className="size-2 animate-pulse rounded-full bg-muted-foreground" />
            <span className="size-2 animate-pulse rounded-full bg-muted-foreground [animation-delay:150ms]" />
            <span className="size-2 animate-pulse rounded-full bg-muted-foreground [animation-delay:300ms]" />
          </div>
        ))
      )}
      {reply.tool_calls?.map((c, j) => (
        <ToolCallView key={c.id || j} call={c} result={results.get(c.id)} />
      ))}
    </div>
  );
}
