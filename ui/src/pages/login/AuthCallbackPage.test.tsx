import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { browser } from '../../lib/browser';
import { RETURN_URL_KEY } from '../../lib/returnUrl';
import { errorReply, type Reply } from '../../test/fetchMock';
import { baseRoutes, loggedOut, sessionUser, standaloneInfo } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const home = 'http://localhost:1135/ui/chat';

function callback(reply: Reply = { body: { location: home } }) {
  const assign = vi.spyOn(browser, 'assign').mockImplementation(() => undefined);
  let loggedIn = false;
  const r = renderApp('/ui/auth/callback?code=abc&state=xyz&session_state=s1&iss=http%3A%2F%2Fidp', {
    ...baseRoutes(),
    // app/info answers after the callback, as it can in a browser: the providers must still see the new session
    'GET /bodhi/v1/app/info': async () => {
      await new Promise((ok) => setTimeout(ok, 20));
      return { body: standaloneInfo };
    },
    'GET /bodhi/v1/user': () => ({ body: loggedIn ? sessionUser('resource_admin') : loggedOut }),
    'POST /bodhi/v1/auth/callback': () => {
      loggedIn = !(reply instanceof Response) && (reply.status ?? 200) < 400;
      return reply;
    },
    'GET /bodhi/v1/tokens': { body: { data: [], total: 0, page: 1, page_size: 10 } },
  });
  return { ...r, assign };
}

describe('AuthCallbackPage', () => {
  it('posts every query parameter once, then goes to the returned location', async () => {
    const { fetch, assign } = callback();
    expect(screen.getByRole('status')).toHaveTextContent('Processing login…');
    await vi.waitFor(() => expect(assign).toHaveBeenCalledWith(home));
    const posts = fetch.to('POST', '/bodhi/v1/auth/callback');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toEqual({ code: 'abc', state: 'xyz', session_state: 's1', iss: 'http://idp' });
  });

  it('prefers the stored /ui/ return URL, through the router, and clears it', async () => {
    sessionStorage.setItem(RETURN_URL_KEY, '/ui/tokens');
    const { assign, fetch } = callback();
    expect(await screen.findByRole('heading', { name: 'API Tokens', level: 1 })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent(/^\/tokens$/);
    // the providers above the routes saw the login too
    expect(await screen.findByTestId('current-org-name')).toHaveTextContent('Acme');
    await vi.waitFor(() => expect(fetch.to('GET', '/bodhi/v1/orgs/current')).toHaveLength(1));
    expect(assign).not.toHaveBeenCalled();
    expect(sessionStorage.getItem(RETURN_URL_KEY)).toBeNull();
  });

  it('ignores a stored return URL outside /ui/', async () => {
    sessionStorage.setItem(RETURN_URL_KEY, 'https://evil.example/ui/chat');
    const { assign } = callback();
    await vi.waitFor(() => expect(assign).toHaveBeenCalledWith(home));
  });

  it('does not follow a returned location that is not a web address', async () => {
    const { assign } = callback({ body: { location: 'data:text/html,<script>alert(1)</script>' } });
    expect(await screen.findByRole('heading', { name: 'Login failed' })).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('not a web address, so Bodhi did not open it');
    expect(assign).not.toHaveBeenCalled();
  });

  it('shows an error card with Try Again', async () => {
    const { user, fetch } = callback(errorReply(400, 'login_error-state_digest_mismatch', 'State mismatch.'));
    expect(await screen.findByRole('heading', { name: 'Login failed' })).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('State mismatch.');
    await user.click(screen.getByRole('button', { name: 'Try Again' }));
    await vi.waitFor(() => expect(fetch.to('POST', '/bodhi/v1/auth/initiate')).toHaveLength(1));
  });
});
