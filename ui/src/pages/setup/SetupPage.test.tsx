import { screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { toastStore } from '../../lib/toast';
import { errorReply, type Reply } from '../../test/fetchMock';
import type { AppInfo } from '../../api/types';
import { baseRoutes, standaloneInfo } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const setupInfo: AppInfo = { ...standaloneInfo, status: 'setup' as const, org: undefined };
let setupReply: Reply;

beforeEach(() => {
  setupReply = { body: { status: 'resource_admin' } };
  toastStore.items().forEach((t) => toastStore.dismiss(t.id));
});

function render() {
  let info = setupInfo;
  return renderApp('/ui/setup', {
    ...baseRoutes(),
    'GET /bodhi/v1/app/info': () => ({ body: info }),
    'POST /bodhi/v1/setup': () => {
      if (!('error' in ((setupReply as { body?: object }).body ?? {})))
        info = { ...standaloneInfo, status: 'resource-admin' as const };
      return setupReply;
    },
  });
}

describe('SetupPage', () => {
  it('checks the name before sending, and clears the message once it is long enough', async () => {
    const { user, fetch } = render();
    const name = await screen.findByLabelText('Server name');
    await user.type(name, 'Too short');
    await user.click(screen.getByRole('button', { name: 'Set up Bodhi' }));
    expect(name).toHaveAccessibleDescription('At least 10 characters.');
    expect(fetch.to('POST', '/bodhi/v1/setup')).toHaveLength(0);
    await user.type(name, '!');
    expect(name).not.toHaveAccessibleDescription('At least 10 characters.');
  });

  it('registers, says so, and moves on', async () => {
    const { user, fetch } = render();
    await user.type(await screen.findByLabelText('Server name'), 'My Bodhi server');
    await user.click(screen.getByRole('button', { name: 'Set up Bodhi' }));
    await vi.waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/setup/resource-admin'));
    expect(fetch.to('POST', '/bodhi/v1/setup')[0]!.body).toEqual({ name: 'My Bodhi server' });
    expect(toastStore.items().map((t) => t.title)).toEqual(['Server registered']);
  });

  it('shows a failed registration for the whole form', async () => {
    setupReply = errorReply(502, 'ai_api_service_error-bad_gateway', 'The identity provider did not answer.');
    const { user } = render();
    await user.type(await screen.findByLabelText('Server name'), 'My Bodhi server');
    await user.click(screen.getByRole('button', { name: 'Set up Bodhi' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The identity provider did not answer.');
  });
});
