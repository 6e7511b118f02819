import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { errorReply } from '../../test/fetchMock';
import { baseRoutes, sessionUser } from '../../test/fixtures';
import { renderApp } from '../../test/render';

describe('RequestAccessPage', () => {
  it('asks for access, then shows the pending request', async () => {
    let requested = false;
    const { user, fetch } = renderApp('/ui/request-access', {
      ...baseRoutes({ user: sessionUser(null) }),
      'GET /bodhi/v1/user/request-status': () =>
        requested
          ? {
              body: {
                username: 'alice',
                status: 'pending',
                created_at: '2024-11-10T04:52:06Z',
                updated_at: '2024-11-10T04:52:06Z',
              },
            }
          : errorReply(404, 'access_request_error-pending_request_not_found'),
      'POST /bodhi/v1/user/request-access': () => {
        requested = true;
        return { status: 201 };
      },
    });
    await user.click(await screen.findByRole('button', { name: 'Request Access' }));
    expect(await screen.findByRole('heading', { name: 'Access Request Pending' })).toBeInTheDocument();
    expect(fetch.to('POST', '/bodhi/v1/user/request-access')).toHaveLength(1);
  });

  it('sends a user who has a role to chat', async () => {
    renderApp('/ui/request-access', { ...baseRoutes(), 'GET /v1/models': { body: { data: [] } } });
    expect(await screen.findByRole('heading', { name: 'Chat' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/chat');
  });
});
