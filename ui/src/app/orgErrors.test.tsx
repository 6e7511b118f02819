import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { errorReply } from '../test/fetchMock';
import { baseRoutes, loggedOut, standaloneInfo } from '../test/fixtures';
import { renderApp } from '../test/render';

describe('org error screens', () => {
  it.each([
    [404, 'org_error-not_found', 'org-not-found', /There is no organization at localhost/],
    [403, 'org_error-suspended', 'org-suspended', /is suspended\. Contact your organization's administrator/],
    [400, 'org_error-missing', 'org-missing', /Open Bodhi at your organization's address/],
  ])('app/info answering %i %s shows %s and makes no other call', async (status, code, testId, text) => {
    const { fetch } = renderApp('/ui/chat', { ...baseRoutes(), 'GET /bodhi/v1/app/info': errorReply(status, code) });
    const screenEl = await screen.findByTestId(testId);
    expect(screenEl).toHaveTextContent(text);
    expect(screen.queryByRole('navigation', { name: 'Main' })).not.toBeInTheDocument();
    expect(fetch.calls.map((c) => c.path)).toEqual(['/bodhi/v1/app/info']);
  });

  it('replaces the whole shell when a later call answers with an org error', async () => {
    renderApp('/ui/tokens', {
      ...baseRoutes(),
      'GET /bodhi/v1/tokens': errorReply(403, 'org_error-suspended'),
    });
    expect(await screen.findByTestId('org-suspended')).toBeInTheDocument();
    expect(screen.queryByTestId('nav-chat')).not.toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'API Tokens' })).not.toBeInTheDocument();
  });

  it('shows the app error with Retry on a 5xx during bootstrap', async () => {
    let calls = 0;
    const { user } = renderApp('/ui/login', {
      ...baseRoutes(),
      'GET /bodhi/v1/app/info': () =>
        ++calls === 1 ? errorReply(503, 'service_unavailable', 'Down for a moment') : { body: standaloneInfo },
    });
    const alert = await screen.findByTestId('app-error');
    expect(alert).toHaveTextContent('Down for a moment');
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('heading', { name: 'Welcome, alice' })).toBeInTheDocument();
  });

  it('goes to setup when a call answers org_error-not_configured', async () => {
    let configured = true;
    const { user } = renderApp('/ui/login', {
      ...baseRoutes({ user: loggedOut }),
      'GET /bodhi/v1/app/info': () => ({ body: { ...standaloneInfo, status: configured ? 'ready' : 'setup' } }),
      'POST /bodhi/v1/auth/initiate': () => {
        configured = false; // e.g. the org row was removed behind the UI's back
        return errorReply(500, 'org_error-not_configured');
      },
    });
    await user.click(await screen.findByTestId('login-button'));
    expect(await screen.findByRole('heading', { name: 'Welcome to Bodhi' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent(/^\/setup$/);
  });
});
