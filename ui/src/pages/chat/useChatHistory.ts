import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChatMessage } from '../../api/types';
import { removeLegacyChatKeys, type ChatKeys } from '../../lib/chatKeys';
import {
  loadChats,
  loadCurrentId,
  newChatId,
  removeChat,
  saveChats,
  saveCurrentId,
  upsertChat,
  type StoredChat,
} from './chatHistory';

/**
 * One user's saved chats in localStorage and the one on screen, which survives a reload. `keys` is read once: the
 * caller remounts for another owner.
 */
export function useChatHistory(keys: ChatKeys) {
  const [chats, setChats] = useState<StoredChat[]>(() => {
    removeLegacyChatKeys(localStorage);
    return loadChats(localStorage, keys);
  });
  const [currentId, setCurrentId] = useState<string>(() => loadCurrentId(localStorage, keys) ?? newChatId());

  useEffect(() => saveChats(localStorage, keys, chats), [keys, chats]);
  useEffect(() => saveCurrentId(localStorage, keys, currentId), [keys, currentId]);

  // a reply still streaming when its chat is deleted must not bring the chat back when it ends
  const deleted = useRef(new Set<string>());

  const save = useCallback((id: string, messages: ChatMessage[]) => {
    if (!deleted.current.has(id)) setChats((prev) => upsertChat(prev, id, messages, Date.now()));
  }, []);
  const create = useCallback(() => setCurrentId(newChatId()), []);
  const remove = useCallback(
    (id: string) => {
      deleted.current.add(id);
      setChats((prev) => removeChat(prev, id));
      if (id === currentId) setCurrentId(newChatId());
    },
    [currentId],
  );

  const current = chats.find((c) => c.id === currentId) ?? null;
  return { chats, currentId, current, select: setCurrentId, create, save, remove };
}
