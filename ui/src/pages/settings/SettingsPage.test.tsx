import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { SettingInfo } from '../../api/types';
import { errorReply, type Routes } from '../../test/fetchMock';
import { baseRoutes, hostedInfo, standaloneInfo } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const keepAlive: SettingInfo = {
  key: 'BODHI_KEEP_ALIVE_SECS',
  current_value: 300,
  default_value: 300,
  source: 'default',
  metadata: { type: 'number', min: 300, max: 86400 },
  editable: true,
};
const port: SettingInfo = {
  key: 'BODHI_PORT',
  current_value: 1135,
  default_value: 1135,
  source: 'environment',
  metadata: { type: 'number', min: 1, max: 65535 },
  editable: false,
};

function setup(extra: Routes = {}, info = standaloneInfo) {
  return renderApp('/ui/settings', {
    ...baseRoutes({ info }),
    'GET /bodhi/v1/settings': { body: [port, keepAlive, { ...port, key: 'SOMETHING_NEW', editable: false }] },
    'PUT /bodhi/v1/settings/BODHI_KEEP_ALIVE_SECS': (req) => ({
      body: { ...keepAlive, current_value: (req.body as { value: number }).value, source: 'settings_file' },
    }),
    'DELETE /bodhi/v1/settings/BODHI_KEEP_ALIVE_SECS': { body: keepAlive },
    ...extra,
  });
}

describe('SettingsPage', () => {
  it('groups settings and offers edit only for editable keys', async () => {
    setup();
    const local = await screen.findByRole('table', { name: 'Local models' });
    expect(within(local).getByRole('button', { name: 'Edit BODHI_KEEP_ALIVE_SECS' })).toBeInTheDocument();
    const server = screen.getByRole('table', { name: 'Server' });
    expect(within(server).getByText('Environment')).toBeInTheDocument();
    expect(within(server).queryByRole('button')).not.toBeInTheDocument();
    expect(within(screen.getByRole('table', { name: 'Other' })).getByText('SOMETHING_NEW')).toBeInTheDocument();
  });

  it('validates the number range, then saves a number', async () => {
    const { user, fetch } = setup();
    await user.click(await screen.findByRole('button', { name: 'Edit BODHI_KEEP_ALIVE_SECS' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit BODHI_KEEP_ALIVE_SECS' });
    const input = within(dialog).getByLabelText('Value');
    await user.clear(input);
    await user.type(input, '10');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByText('Enter a number from 300 to 86400.')).toBeInTheDocument();
    expect(fetch.to('PUT', '/bodhi/v1/settings/BODHI_KEEP_ALIVE_SECS')).toHaveLength(0);

    await user.clear(input);
    await user.type(input, '600');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await vi.waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(fetch.to('PUT', '/bodhi/v1/settings/BODHI_KEEP_ALIVE_SECS')[0]!.body).toEqual({ value: 600 });
  });

  it('resets a key', async () => {
    const { user, fetch } = setup();
    await user.click(await screen.findByRole('button', { name: 'Edit BODHI_KEEP_ALIVE_SECS' }));
    await user.click(screen.getByRole('button', { name: 'Reset to default' }));
    await vi.waitFor(() => expect(fetch.to('DELETE', '/bodhi/v1/settings/BODHI_KEEP_ALIVE_SECS')).toHaveLength(1));
  });

  it('shows a server rejection', async () => {
    const { user } = setup({
      'PUT /bodhi/v1/settings/BODHI_KEEP_ALIVE_SECS': errorReply(
        400,
        'settings_metadata_error-invalid_value',
        'Value out of range',
      ),
    });
    await user.click(await screen.findByRole('button', { name: 'Edit BODHI_KEEP_ALIVE_SECS' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Value out of range');
  });

  it('is read-only in hosted mode', async () => {
    setup({}, hostedInfo);
    expect(await screen.findByTestId('settings-read-only')).toBeInTheDocument();
    await screen.findByRole('table', { name: 'Local models' });
    expect(screen.queryByRole('button', { name: /^Edit / })).not.toBeInTheDocument();
  });
});
