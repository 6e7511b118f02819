import { PanelLeft, SlidersHorizontal, X } from 'lucide-react';
import { useCallback, useId, useMemo, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { Loading } from '../../components/Loading';
import { useCurrentOrg } from '../../hooks/useCurrentOrg';
import { useUser } from '../../hooks/useUser';
import { chatKeys, type ChatKeys } from '../../lib/chatKeys';
import { cn } from '../../lib/cn';
import { usePageTitle } from '../../shell/pageTitle';
import { DEFAULT_PARAMS, type ChatParams } from './chatParams';
import { ChatHistoryPane } from './ChatHistoryPane';
import { ChatSettings } from './ChatSettings';
import { Conversation } from './Conversation';
import { IconButton } from './IconButton';
import { ModelPicker } from './ModelPicker';
import type { ChatTurn } from './turns';
import { useChatHistory } from './useChatHistory';
import { useChatTools } from './useChatTools';

/** `/ui/chat`: the user's saved chats, the conversation with tool calls, and the request settings (ui.md §8.1). */
export function ChatPage() {
  usePageTitle('Chat');
  const user = useUser().data;
  const org = useCurrentOrg();
  const userId = user?.auth_status === 'logged_in' ? user.user_id : null;
  // the org names the history; should it not answer, the host (one per org) still keeps orgs apart
  const orgName = org.data?.slug ?? (org.isError ? window.location.host : null);
  const keys = useMemo(() => (userId && orgName ? chatKeys({ org: orgName, userId }) : null), [userId, orgName]);
  if (!keys) return <Loading label="Loading your chats…" />;
  return <ChatWorkspace key={keys.chats} keys={keys} />;
}

/** Whether the window is at least as wide as a media query says; wide when the browser cannot tell. */
const wider = (query: string) => typeof window.matchMedia !== 'function' || window.matchMedia(query).matches;
const MD = '(min-width: 768px)';
const LG = '(min-width: 1024px)';

function ChatWorkspace({ keys }: { keys: ChatKeys }) {
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
  const history = useChatHistory(keys);
  const tools = useChatTools();
  const { currentId, save } = history;
  const onSave = useCallback((messages: ChatTurn[]) => save(currentId, messages), [save, currentId]);

  // side panes sit beside the conversation on wide screens and over it on narrow ones, where they start closed
  const [historyOpen, setHistoryOpen] = useState(() => wider(MD));
  const [settingsOpen, setSettingsOpen] = useState(() => wider(LG));
  const historyId = useId();
  const settingsId = useId();
  const closeHistoryIfOver = () => !wider(MD) && setHistoryOpen(false);

  const header = (
    <div className="flex items-center gap-2 border-b border-border px-3 py-2">
      <IconButton
        label={historyOpen ? 'Hide chat history' : 'Show chat history'}
        aria-expanded={historyOpen}
        aria-controls={historyId}
        onClick={() => setHistoryOpen((o) => !o)}
      >
        <PanelLeft aria-hidden />
      </IconButton>
      <p className="min-w-0 flex-1 truncate text-sm font-medium text-foreground">
        {history.current?.title ?? 'New chat'}
      </p>
      <IconButton
        label={settingsOpen ? 'Hide chat settings' : 'Show chat settings'}
        aria-expanded={settingsOpen}
        aria-controls={settingsId}
        onClick={() => setSettingsOpen((o) => !o)}
      >
        <SlidersHorizontal aria-hidden />
      </IconButton>
    </div>
  );

  return (
    <div className="relative flex h-[calc(100dvh-7rem)] min-h-[26rem] overflow-hidden rounded-xl border border-border bg-background">
      <h1 className="sr-only">Chat</h1>
      <SidePane id={historyId} open={historyOpen} side="left" onClose={() => setHistoryOpen(false)}>
        <ChatHistoryPane
          chats={history.chats}
          currentId={currentId}
          onNew={() => {
            history.create();
            closeHistoryIfOver();
          }}
          onSelect={(id) => {
            history.select(id);
            closeHistoryIfOver();
          }}
          onDelete={history.remove}
        />
      </SidePane>
      <Conversation
        key={currentId}
        initial={history.current?.messages ?? []}
        onSave={onSave}
        model={model}
        params={settings}
        tools={tools}
        header={header}
      />
      <SidePane
        id={settingsId}
        open={settingsOpen}
        side="right"
        label="Chat settings"
        onClose={() => setSettingsOpen(false)}
      >
        <ModelPicker value={model} onChange={setModel} />
        <ChatSettings params={settings} onChange={setSettings} />
      </SidePane>
    </div>
  );
}

interface SidePaneProps {
  id: string;
  open: boolean;
  side: 'left' | 'right';
  /** Names the pane as a complementary landmark; the history pane's own navigation names it instead. */
  label?: string;
  onClose: () => void;
  children: ReactNode;
}

/** A pane beside the conversation on wide screens, over it on narrow ones (with its own close button there). */
function SidePane({ id, open, side, label, onClose, children }: SidePaneProps) {
  const Tag = label ? 'aside' : 'div';
  const left = side === 'left';
  return (
    <Tag
      id={id}
      aria-label={label}
      onKeyDown={(e) => {
        // Escape closes the pane where it covers the conversation; beside it there is nothing to dismiss
        if (e.key === 'Escape' && !wider(left ? MD : LG)) onClose();
      }}
      className={cn(
        'min-h-0 shrink-0 flex-col gap-3 overflow-y-auto bg-card p-3 text-card-foreground',
        open ? 'flex' : 'hidden',
        left ? 'w-64 border-r border-border' : 'w-80 border-l border-border',
        // over the conversation below the width where it sits beside it
        left
          ? 'max-md:absolute max-md:inset-y-0 max-md:left-0 max-md:z-20 max-md:w-[min(18rem,85%)] max-md:shadow-xl'
          : 'max-lg:absolute max-lg:inset-y-0 max-lg:right-0 max-lg:z-20 max-lg:w-[min(20rem,100%)] max-lg:shadow-xl',
      )}
    >
      <div className={cn('flex justify-end', left ? 'md:hidden' : 'lg:hidden')}>
        <IconButton label={left ? 'Close chat history' : 'Close chat settings'} onClick={onClose}>
          <X aria-hidden />
        </IconButton>
      </div>
      {children}
    </Tag>
  );
}
