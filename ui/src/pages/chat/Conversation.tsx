import type { ChatMessage } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import type { ChatParams } from './chatParams';
import { Composer } from './Composer';
import { MessageList } from './MessageList';
import { ToolsetsPopover } from './ToolsetsPopover';
import { useChat } from './useChat';
import type { ChatToolsState } from './useChatTools';

interface Props {
  /** The saved messages of this chat; the component is keyed by chat, so this is read once. */
  initial: ChatMessage[];
  onSave: (messages: ChatMessage[]) => void;
  model: string;
  params: ChatParams;
  tools: ChatToolsState;
}

/** The centre pane: the messages, the last error, the tools choice and the message box. */
export function Conversation({ initial, onSave, model, params, tools }: Props) {
  const chat = useChat(initial, onSave);
  return (
    <section className="chat-main" aria-label="Conversation">
      <MessageList messages={chat.messages} streaming={chat.streaming} />
      <ErrorMessage error={chat.error} />
      <div className="chat-toolbar">
        <ToolsetsPopover state={tools} />
      </div>
      <Composer
        disabled={!model}
        streaming={chat.streaming}
        onStop={chat.stop}
        onSend={(text) => void chat.send(text, { model, params, tools: tools.chatTools })}
      />
    </section>
  );
}
