import { beforeEach, describe, expect, it } from 'vitest';
import { chatKeys, removeLegacyChatKeys, removeUserChatKeys } from './chatKeys';

describe('chat keys', () => {
  beforeEach(() => localStorage.clear());

  it('names one key pair per org and user, encoding each part', () => {
    expect(chatKeys({ org: 'acme', userId: 'u-1' })).toEqual({
      chats: 'bodhi-chats:acme:u-1',
      current: 'bodhi-chat-current:acme:u-1',
    });
    expect(chatKeys({ org: 'a:b', userId: 'c' }).chats).toBe('bodhi-chats:a%3Ab:c');
  });

  it('removes only the given user’s chats, in any org, with the legacy keys, and keeps other settings', () => {
    const alice = chatKeys({ org: 'acme', userId: 'alice' });
    const aliceGlobex = chatKeys({ org: 'globex', userId: 'alice' });
    const bob = chatKeys({ org: 'acme', userId: 'bob' });
    const malice = chatKeys({ org: 'acme', userId: 'malice' });
    for (const k of [alice, aliceGlobex, bob, malice]) {
      localStorage.setItem(k.chats, '[]');
      localStorage.setItem(k.current, 'x');
    }
    localStorage.setItem('bodhi-chats', '[]');
    localStorage.setItem('bodhi-chat-current', 'x');
    localStorage.setItem('bodhi-theme', 'dark');

    removeUserChatKeys(localStorage, 'alice');
    expect(Object.keys(localStorage).sort()).toEqual(
      [bob.chats, bob.current, malice.chats, malice.current, 'bodhi-theme'].sort(),
    );
  });

  it('removes the unkeyed keys of older versions', () => {
    localStorage.setItem('bodhi-chats', '[]');
    localStorage.setItem('bodhi-chat-current', 'x');
    removeLegacyChatKeys(localStorage);
    expect(localStorage.length).toBe(0);
  });
});
