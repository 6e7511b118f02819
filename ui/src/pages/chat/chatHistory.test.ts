import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../api/types';
import { chatKeys } from '../../lib/chatKeys';
import { loadChats, removeChat, saveChats, titleFor, upsertChat, type StoredChat } from './chatHistory';

const keys = chatKeys({ org: 'acme', userId: 'id-alice' });

const hi: ChatMessage[] = [
  { role: 'user', content: 'Hi there' },
  { role: 'assistant', content: 'Hello!' },
];

describe('chat history', () => {
  it('does not create a chat without messages', () => {
    expect(upsertChat([], 'a', [], 1)).toEqual([]);
  });

  it('creates a chat titled by its first user message, then updates it and moves it to the top', () => {
    let chats = upsertChat([], 'a', hi, 1);
    chats = upsertChat(chats, 'b', [{ role: 'user', content: 'Second   chat\nwith lines' }], 2);
    expect(chats.map((c) => [c.id, c.title])).toEqual([
      ['b', 'Second chat with lines'],
      ['a', 'Hi there'],
    ]);
    chats = upsertChat(chats, 'a', [...hi, { role: 'user', content: 'more' }], 3);
    expect(chats[0]).toMatchObject({ id: 'a', title: 'Hi there', createdAt: 1, updatedAt: 3 });
    expect(chats[0]!.messages).toHaveLength(3);
    expect(removeChat(chats, 'a').map((c) => c.id)).toEqual(['b']);
  });

  it('shortens long titles', () => {
    expect(titleFor([{ role: 'user', content: 'x'.repeat(100) }])).toBe(`${'x'.repeat(39)}…`);
    expect(titleFor([])).toBe('New chat');
  });

  it('round-trips through storage, newest first, and ignores junk', () => {
    const chats: StoredChat[] = [
      { id: 'old', title: 'old', createdAt: 1, updatedAt: 1, messages: hi },
      { id: 'new', title: 'new', createdAt: 2, updatedAt: 5, messages: hi },
    ];
    saveChats(localStorage, keys, chats);
    expect(loadChats(localStorage, keys).map((c) => c.id)).toEqual(['new', 'old']);
    localStorage.setItem(keys.chats, '[{"id":1},"x",null]');
    expect(loadChats(localStorage, keys)).toEqual([]);
    localStorage.setItem(keys.chats, '{not json');
    expect(loadChats(localStorage, keys)).toEqual([]);
  });

  it('keeps each owner’s chats apart', () => {
    saveChats(localStorage, keys, [{ id: 'a', title: 'a', createdAt: 1, updatedAt: 1, messages: hi }]);
    expect(loadChats(localStorage, chatKeys({ org: 'acme', userId: 'id-bob' }))).toEqual([]);
    expect(loadChats(localStorage, chatKeys({ org: 'globex', userId: 'id-alice' }))).toEqual([]);
  });
});
