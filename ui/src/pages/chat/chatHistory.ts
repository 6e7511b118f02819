import type { ChatMessage } from '../../api/types';
import type { ChatKeys } from '../../lib/chatKeys';

/** One saved conversation. Only conversations with at least one message are saved. */
export interface StoredChat {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  messages: ChatMessage[];
}

const TITLE_MAX = 40;

function isStoredChat(v: unknown): v is StoredChat {
  const c = v as StoredChat | null;
  return (
    !!c &&
    typeof c.id === 'string' &&
    typeof c.title === 'string' &&
    typeof c.updatedAt === 'number' &&
    Array.isArray(c.messages)
  );
}

/** The saved chats, newest first; anything unreadable counts as none. */
export function loadChats(storage: Storage, keys: ChatKeys): StoredChat[] {
  try {
    const parsed = JSON.parse(storage.getItem(keys.chats) ?? '[]') as unknown;
    return Array.isArray(parsed) ? parsed.filter(isStoredChat).sort((a, b) => b.updatedAt - a.updatedAt) : [];
  } catch {
    return [];
  }
}

/** Saves the chats; a full storage keeps the previous copy rather than failing the page. */
export function saveChats(storage: Storage, keys: ChatKeys, chats: StoredChat[]): void {
  try {
    storage.setItem(keys.chats, JSON.stringify(chats));
  } catch {
    // quota exceeded or storage disabled
  }
}

export function loadCurrentId(storage: Storage, keys: ChatKeys): string | null {
  return storage.getItem(keys.current);
}

export function saveCurrentId(storage: Storage, keys: ChatKeys, id: string): void {
  try {
    storage.setItem(keys.current, id);
  } catch {
    // as saveChats
  }
}

export function newChatId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** The first user message, on one line and shortened. */
export function titleFor(messages: ChatMessage[]): string {
  const first =
    messages
      .find((m) => m.role === 'user')
      ?.content.replace(/\s+/g, ' ')
      .trim() ?? '';
  if (!first) return 'New chat';
  return first.length > TITLE_MAX ? `${first.slice(0, TITLE_MAX - 1)}…` : first;
}

/** Stores `messages` as chat `id` and moves it to the top; a chat without messages is not created. */
export function upsertChat(chats: StoredChat[], id: string, messages: ChatMessage[], now: number): StoredChat[] {
  const existing = chats.find((c) => c.id === id);
  if (!existing && !messages.length) return chats;
  const chat: StoredChat = {
    id,
    title: existing?.title && existing.title !== 'New chat' ? existing.title : titleFor(messages),
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    messages,
  };
  return [chat, ...chats.filter((c) => c.id !== id)];
}

export function removeChat(chats: StoredChat[], id: string): StoredChat[] {
  return chats.filter((c) => c.id !== id);
}
