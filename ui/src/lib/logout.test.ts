import { describe, expect, it, vi } from 'vitest';
import { browser } from './browser';
import { mockFetch } from '../test/fetchMock';
import { logout } from './logout';

function logoutAnswering(location: string) {
  const assign = vi.spyOn(browser, 'assign').mockImplementation(() => undefined);
  mockFetch({ 'POST /bodhi/v1/logout': { body: { location } } });
  return assign;
}

describe('logout', () => {
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
});
