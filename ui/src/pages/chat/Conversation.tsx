import { ArrowDown, RotateCcw } from 'lucide-react';
import { useRef, type ReactNode } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage';
import type { ChatParams } from './chatParams';
import { Composer } from './Composer';
import { MessageList } from './MessageList';
import { ToolsetsPopover } from './ToolsetsPopover';
import type { ChatTurn } from './turns';
import { useChat, type ChatOptions } from './useChat';
import { useIsLocalModel } from './useChatModels';
import type { ChatToolsState } from './useChatTools';
import { useFollowScroll } from './useFollowScroll';

interface Props {
  /** The saved messages of this chat; the component is keyed by chat, so this is read once. */
  initial: ChatTurn[];
  onSave: (messages: ChatTurn[]) => void;
  model: string;
  params: ChatParams;
  tools: ChatToolsState;
  /** The bar above the messages (pane toggles). */
  header: ReactNode;
}

/** The centre pane: the messages, the last error, and the message box pinned below them. */
export function Conversation({ initial, onSave, model, params, tools, header }: Props) {
  const chat = useChat(initial, onSave);
  const scroller = useRef<HTMLDivElement>(null);
  const { following, jump } = useFollowScroll(scroller, chat.messages);
  const opts = (): ChatOptions => ({ model, params, tools: tools.chatTools });
  const canAsk = !!model;
  const local = useIsLocalModel(model);
  return (
    <section className="flex min-h-0 min-w-0 flex-1 flex-col" aria-label="Conversation">
      {header}
      <div className="relative min-h-0 flex-1">
        <div ref={scroller} className="h-full overflow-y-auto" data-testid="chat-scroller">
          <MessageList
            messages={chat.messages}
            streaming={chat.streaming}
            localModel={local ? model : undefined}
            onRegenerate={canAsk ? () => void chat.regenerate(opts()) : undefined}
            onEdit={canAsk ? (i, text) => void chat.edit(i, text, opts()) : undefined}
          />
        </div>
        {!following && (
          <button
            type="button"
            onClick={jump}
            className="absolute bottom-3 left-1/2 inline-flex -translate-x-1/2 items-center gap-1.5 rounded-full border border-border bg-popover px-3 py-1.5 text-sm text-popover-foreground shadow-md hover:bg-accent focus-visible:outline-2 focus-visible:outline-ring"
          >
            <ArrowDown className="size-4" aria-hidden />
            Jump to latest
          </button>
        )}
      </div>
      <div className="mx-auto w-full max-w-3xl px-4 pb-4">
        {chat.error && (
          <div className="mb-2 flex items-start gap-2 rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm [&_.error]:m-0 [&_.error]:text-destructive">
            <div className="min-w-0 flex-1">
              <ErrorMessage error={chat.error} />
            </div>
            {canAsk && !chat.streaming && (
              <button
                type="button"
                onClick={() => void chat.regenerate(opts())}
                className="inline-flex shrink-0 items-center gap-1 rounded-md border border-border bg-background px-2 py-1 text-foreground hover:bg-accent focus-visible:outline-2 focus-visible:outline-ring"
              >
                <RotateCcw className="size-3.5" aria-hidden />
                Retry
              </button>
            )}
          </div>
        )}
        <Composer
          disabled={!canAsk}
          streaming={chat.streaming}
          onStop={chat.stop}
          onSend={(text) => {
            jump(); // whoever sends wants to see the answer, even after scrolling up to read
            void chat.send(text, opts());
          }}
          tools={<ToolsetsPopover state={tools} />}
        />
      </div>
    </section>
  );
}
