import { beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from './browser';
import { chatKeys } from './chatKeys';
import { errorReply, mockFetch } from '../test/fetchMock';
import { sessionUser } from '../test/fixtures';
import { logout } from './logout';

const alice = chatKeys({ org: 'acme', userId: 'id-alice' });
const bob = chatKeys({ org: 'acme', userId: 'id-bob' });

function logoutAnswering(location: string | null) {
  const assign = vi.spyOn(browser, 'assign').mockImplementation(() => undefined);
  mockFetch({
    'GET /bodhi/v1/user': { body: sessionUser('resource_admin', 'alice') },
    'POST /bodhi/v1/logout': location === null ? errorReply(500, 'boom') : { body: { location } },
  });
  return assign;
}

function storeChats() {
  for (const k of [alice, bob]) {
    localStorage.setItem(k.chats, '[{"id":"c"}]');
    localStorage.setItem(k.current, 'c');
  }
  localStorage.setItem('bodhi-chats', '[]');
  localStorage.setItem('bodhi-chat-current', 'c');
  localStorage.setItem('bodhi-theme', 'dark');
}

describe('logout', () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });

  it('goes to the location the server answered', async () => {
    const assign = logoutAnswering('http://acme.localhost:1135/ui/login');
    await logout();
    expect(assign).toHaveBeenCalledExactlyOnceWith('http://acme.localhost:1135/ui/login');
  });

  it('goes to the login page instead of a location that is not a web address', async () => {
    const assign = logoutAnswering('javascript:alert(1)');
    await logout();
    expect(assign).toHaveBeenCalledExactlyOnceWith('/ui/login');
  });

  it('forgets the user’s saved chats and the legacy ones, keeping other users’ chats and the theme', async () => {
    logoutAnswering('/ui/login');
    storeChats();
    await logout();
    expect(Object.keys(localStorage).sort()).toEqual([bob.chats, bob.current, 'bodhi-theme'].sort());
  });

  it('when the server cannot log out, still forgets only the user’s chats and clears the session storage', async () => {
    const assign = logoutAnswering(null);
    storeChats();
    sessionStorage.setItem('x', '1');
    await logout();
    expect(Object.keys(localStorage).sort()).toEqual([bob.chats, bob.current, 'bodhi-theme'].sort());
    expect(sessionStorage.length).toBe(0);
    expect(assign).toHaveBeenCalledExactlyOnceWith('/ui/login');
  });
});
