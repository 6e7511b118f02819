import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { ChatMessage } from '../../api/types';
import { usePageTitle } from '../../shell/pageTitle';
import { DEFAULT_PARAMS, type ChatParams } from './chatParams';
import { ChatHistoryPane } from './ChatHistoryPane';
import { ChatSettings } from './ChatSettings';
import { Conversation } from './Conversation';
import { ModelPicker } from './ModelPicker';
import { useChatHistory } from './useChatHistory';
import { useChatTools } from './useChatTools';

/** `/ui/chat`: saved chats, the conversation with tool calls, and the request settings (ui.md §8.1). */
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
  const [settings, setSettings] = useState<ChatParams>(DEFAULT_PARAMS);
  const history = useChatHistory();
  const tools = useChatTools();
  const { currentId, save } = history;
  const onSave = useCallback((messages: ChatMessage[]) => save(currentId, messages), [save, currentId]);

  return (
    <div className="chat">
      <h1 className="visually-hidden">Chat</h1>
      <ChatHistoryPane
        chats={history.chats}
        currentId={currentId}
        onNew={history.create}
        onSelect={history.select}
        onDelete={history.remove}
      />
      <Conversation
        key={currentId}
        initial={history.current?.messages ?? []}
        onSave={onSave}
        model={model}
        params={settings}
        tools={tools}
      />
      <aside className="chat-side" aria-label="Chat settings">
        <ModelPicker value={model} onChange={setModel} />
        <ChatSettings params={settings} onChange={setSettings} />
      </aside>
    </div>
  );
}
