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
    const local = await screen.findByRole('region', { name: 'Local models' });
    expect(within(local).getByRole('button', { name: 'Edit BODHI_KEEP_ALIVE_SECS' })).toBeInTheDocument();
    const server = screen.getByRole('region', { name: 'Server' });
    expect(within(server).getByText('Environment')).toBeInTheDocument();
    expect(within(server).queryByRole('button')).not.toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Other' })).getByText('SOMETHING_NEW')).toBeInTheDocument();
  });

  it('validates the number range, then saves a number', async () => {
    const { user, fetch } = setup();
    await user.click(await screen.findByRole('button', { name: 'Edit BODHI_KEEP_ALIVE_SECS' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit BODHI_KEEP_ALIVE_SECS' });
    const input = within(dialog).getByLabelText('Value');
    await user.clear(input);
    await user.type(input, '10');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText('Enter a number from 300 to 86400.')).toBeInTheDocument();
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription(/Enter a number from 300 to 86400\./);
    expect(fetch.to('PUT', '/bodhi/v1/settings/BODHI_KEEP_ALIVE_SECS')).toHaveLength(0);

    await user.clear(input);
    await user.type(input, '600');
    // fixed: the error goes as soon as the value is valid, before Save
    expect(within(dialog).queryByText('Enter a number from 300 to 86400.')).not.toBeInTheDocument();
    expect(input).not.toHaveAttribute('aria-invalid');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await vi.waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(fetch.to('PUT', '/bodhi/v1/settings/BODHI_KEEP_ALIVE_SECS')[0]!.body).toEqual({ value: 600 });
    expect(await screen.findByText('Saved BODHI_KEEP_ALIVE_SECS')).toBeInTheDocument();
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
    await screen.findByRole('region', { name: 'Local models' });
    expect(screen.queryByRole('button', { name: /^Edit / })).not.toBeInTheDocument();
  });
});
