import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { RETURN_URL_KEY } from '../lib/returnUrl';
import { errorReply } from '../test/fetchMock';
import { baseRoutes, loggedOut, sessionUser, standaloneInfo } from '../test/fixtures';
import { renderApp } from '../test/render';

const location = () => screen.getByTestId('location');
const tokens = { 'GET /bodhi/v1/tokens': { body: { data: [], total: 0, page: 1, page_size: 10 } } };

describe('AppInitializer', () => {
  it.each([
    ['setup', '/setup', 'Welcome to Bodhi'],
    ['resource-admin', '/setup/resource-admin', 'Log in to become admin'],
    ['ready', '/chat', 'Chat'],
  ] as const)('sends status %s from /ui/ to %s', async (status, target, heading) => {
    renderApp('/ui/', {
      ...baseRoutes({ info: { ...standaloneInfo, status } }),
      'GET /v1/models': { body: { data: [] } },
    });
    expect(await screen.findByRole('heading', { name: heading, level: 1 })).toBeInTheDocument();
    expect(location()).toHaveTextContent(new RegExp(`^${target}$`));
  });

  it('sends a page to the setup page while the app is not set up', async () => {
    renderApp('/ui/chat', baseRoutes({ info: { ...standaloneInfo, status: 'setup' } }));
    expect(await screen.findByRole('heading', { name: 'Welcome to Bodhi' })).toBeInTheDocument();
    expect(location()).toHaveTextContent('/setup');
  });

  it('sends a logged-out user to login and remembers where they were', async () => {
    renderApp('/ui/tokens?page=2', baseRoutes({ user: loggedOut }));
    expect(await screen.findByRole('heading', { name: 'Sign in to Acme' })).toBeInTheDocument();
    expect(location()).toHaveTextContent(/^\/login$/);
    expect(sessionStorage.getItem(RETURN_URL_KEY)).toBe('/ui/tokens?page=2');
  });

  it('sends a user without a role to request access', async () => {
    renderApp('/ui/chat', {
      ...baseRoutes({ user: sessionUser(null) }),
      'GET /bodhi/v1/user/request-status': errorReply(404, 'access_request_error-pending_request_not_found'),
    });
    expect(await screen.findByRole('heading', { name: 'Request Access' })).toBeInTheDocument();
    expect(location()).toHaveTextContent('/request-access');
  });

  it('shows the login error for a role below the page minimum', async () => {
    const { fetch } = renderApp('/ui/tokens', { ...baseRoutes({ user: sessionUser('resource_user') }), ...tokens });
    expect(await screen.findByRole('alert')).toHaveTextContent('Your role does not allow access to that page');
    expect(location()).toHaveTextContent('/login?error=insufficient-role');
    expect(fetch.to('GET', '/bodhi/v1/tokens')).toHaveLength(0);
  });

  it('lets a user with enough role through', async () => {
    renderApp('/ui/tokens', { ...baseRoutes({ user: sessionUser('resource_power_user') }), ...tokens });
    expect(await screen.findByRole('heading', { name: 'API Tokens', level: 1 })).toBeInTheDocument();
    expect(document.title).toBe('API Tokens | Acme | Bodhi');
  });

  it('shows an error with Retry for an unexpected status', async () => {
    renderApp('/ui/chat', baseRoutes({ info: { ...standaloneInfo, status: 'weird' as never } }));
    expect(await screen.findByTestId('app-error')).toHaveTextContent('Unexpected app status "weird"');
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });
});
