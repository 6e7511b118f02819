import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ErrorMessage } from '../../components/ErrorMessage';
import { usePageTitle } from '../../shell/pageTitle';
import { ChatSettings } from './ChatSettings';
import { Composer } from './Composer';
import { MessageList } from './MessageList';
import { ModelPicker } from './ModelPicker';
import { useChat } from './useChat';

/** `/ui/chat`: one streamed conversation with a model of this org. */
export function ChatPage() {
  usePageTitle('Chat');
  const [params, setParams] = useSearchParams();
  const model = params.get('model') ?? '';
  const setModel = useCallback(
    (m: string) =>
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          next.set('model', m);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const [systemPrompt, setSystemPrompt] = useState('');
  const [token, setToken] = useState('');
  const chat = useChat();

  return (
    <div className="chat">
      <h1 className="visually-hidden">Chat</h1>
      <section className="chat-main" aria-label="Conversation">
        <MessageList messages={chat.messages} streaming={chat.streaming} />
        <ErrorMessage error={chat.error} />
        <Composer
          disabled={!model}
          streaming={chat.streaming}
          onStop={chat.stop}
          onSend={(text) =>
            void chat.send(text, {
              model,
              systemPrompt: systemPrompt.trim() || undefined,
              token: token.trim() || undefined,
            })
          }
        />
      </section>
      <aside className="chat-side" aria-label="Chat settings">
        <ModelPicker value={model} onChange={setModel} />
        <button type="button" className="button" onClick={chat.reset} disabled={!chat.messages.length}>
          New chat
        </button>
        <ChatSettings systemPrompt={systemPrompt} onSystemPrompt={setSystemPrompt} token={token} onToken={setToken} />
      </aside>
    </div>
  );
}
