import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { browser } from '../../lib/browser';
import { errorReply } from '../../test/fetchMock';
import { baseRoutes, loggedOut } from '../../test/fixtures';
import { renderApp } from '../../test/render';

describe('LoginPage', () => {
  it('names the org from app/info before login, without org calls', async () => {
    const { fetch } = renderApp('/ui/login', baseRoutes({ user: loggedOut }));
    expect(await screen.findByRole('heading', { name: 'Sign in to Acme' })).toBeInTheDocument();
    expect(fetch.to('GET', '/bodhi/v1/orgs/current')).toHaveLength(0);
    expect(fetch.to('GET', '/bodhi/v1/orgs/user-memberships')).toHaveLength(0);
  });

  it('initiates login and goes to the returned location', async () => {
    const assign = vi.spyOn(browser, 'assign').mockImplementation(() => undefined);
    const authorize = 'http://localhost:1136/realms/bodhi/protocol/openid-connect/auth?client_id=x';
    const { user, fetch } = renderApp('/ui/login', {
      ...baseRoutes({ user: loggedOut }),
      'POST /bodhi/v1/auth/initiate': { status: 201, body: { location: authorize } },
    });
    await user.click(await screen.findByTestId('login-button'));
    await vi.waitFor(() => expect(assign).toHaveBeenCalledWith(authorize));
    expect(fetch.to('POST', '/bodhi/v1/auth/initiate')).toHaveLength(1);
  });

  it('does not follow an initiate location that is not a web address', async () => {
    const assign = vi.spyOn(browser, 'assign').mockImplementation(() => undefined);
    const { user } = renderApp('/ui/login', {
      ...baseRoutes({ user: loggedOut }),
      'POST /bodhi/v1/auth/initiate': { status: 201, body: { location: 'javascript:alert(1)' } },
    });
    await user.click(await screen.findByTestId('login-button'));
    expect(await screen.findByRole('alert')).toHaveTextContent('not a web address, so Bodhi did not open it');
    expect(assign).not.toHaveBeenCalled();
  });

  it('shows why login could not start', async () => {
    const { user } = renderApp('/ui/login', {
      ...baseRoutes({ user: loggedOut }),
      'POST /bodhi/v1/auth/initiate': errorReply(500, 'auth_service_error-auth_service_api_error', 'IdP down'),
    });
    await user.click(await screen.findByTestId('login-button'));
    expect(await screen.findByRole('alert')).toHaveTextContent('IdP down');
  });

  it('welcomes a logged-in user', async () => {
    renderApp('/ui/login', baseRoutes());
    expect(await screen.findByRole('heading', { name: 'Welcome, alice' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to Home' })).toHaveAttribute('href', '/ui/chat');
    expect(screen.getByRole('button', { name: 'Log Out' })).toBeInTheDocument();
  });
});
