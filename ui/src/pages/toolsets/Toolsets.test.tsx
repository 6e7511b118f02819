import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppToolsetConfig, Toolset } from '../../api/types';
import { errorReply, type Routes } from '../../test/fetchMock';
import { baseRoutes, sessionUser, type SessionRole } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { toastStore } from '../../lib/toast';
import { validateToolset } from './toolsetForm';

const toastTitles = () => toastStore.items().map((t) => t.title);

beforeEach(() => toastStore.items().forEach((t) => toastStore.dismiss(t.id)));

const exaType: AppToolsetConfig = {
  toolset_type: 'builtin-exa-search',
  name: 'Exa Web Search',
  description: 'Search and analyze web content using Exa AI',
  enabled: true,
  updated_by: 'admin',
  created_at: '2024-11-10T04:52:06Z',
  updated_at: '2024-11-10T04:52:06Z',
};
const otherType: AppToolsetConfig = { ...exaType, toolset_type: 'builtin-other', name: 'Other', enabled: false };

const exa: Toolset = {
  id: 'ts-1',
  slug: 'exa',
  toolset_type: 'builtin-exa-search',
  description: 'web',
  enabled: true,
  has_api_key: true,
  tools: [],
  created_at: '2024-11-10T04:52:06Z',
  updated_at: '2024-11-10T04:52:06Z',
};

function setup(path: string, extra: Routes = {}, role: SessionRole = 'resource_user', types = [exaType, otherType]) {
  return renderApp(path, {
    ...baseRoutes({ user: sessionUser(role) }),
    'GET /bodhi/v1/toolsets': { body: { toolsets: [exa], toolset_types: types } },
    'GET /bodhi/v1/toolsets/ts-1': { body: exa },
    'POST /bodhi/v1/toolsets': (req) => ({ status: 201, body: { ...exa, ...(req.body as object) } }),
    'PUT /bodhi/v1/toolsets/ts-1': { body: exa },
    'DELETE /bodhi/v1/toolsets/ts-1': { status: 204 },
    'PUT /bodhi/v1/toolset_types/builtin-other/app-config': { body: { ...otherType, enabled: true } },
    'DELETE /bodhi/v1/toolset_types/builtin-exa-search/app-config': { body: { ...exaType, enabled: false } },
    ...extra,
  });
}

describe('toolsets', () => {
  it('lists instances with status, and deletes one', async () => {
    const { user, fetch } = setup('/ui/toolsets');
    const row = (await screen.findByRole('cell', { name: 'exa' })).closest('tr')!;
    expect(within(row).getByText('Enabled')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Manage toolset types' })).not.toBeInTheDocument();
    await user.click(within(row).getByRole('button', { name: 'Delete exa' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete' }));
    await vi.waitFor(() => expect(fetch.to('DELETE', '/bodhi/v1/toolsets/ts-1')).toHaveLength(1));
    await vi.waitFor(() => expect(toastTitles()).toEqual(['Toolset deleted']));
  });

  it('creates a toolset of an enabled type only, after validation', async () => {
    const { user, fetch } = setup('/ui/toolsets/new');
    const type = await screen.findByLabelText('Type');
    expect(
      within(type)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Exa Web Search']);
    await user.type(screen.getByLabelText('Slug'), 'bad slug!');
    await user.click(screen.getByRole('button', { name: 'Create toolset' }));
    expect(screen.getByText('Use 1 to 24 letters, digits or hyphens.')).toBeInTheDocument();
    expect(screen.getByText('Enter an API key.')).toBeInTheDocument();
    expect(fetch.to('POST', '/bodhi/v1/toolsets')).toHaveLength(0);

    await user.clear(screen.getByLabelText('Slug'));
    await user.type(screen.getByLabelText('Slug'), 'my-exa');
    await user.type(screen.getByLabelText('API key'), 'exa-key');
    await user.click(screen.getByRole('button', { name: 'Create toolset' }));
    await vi.waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/toolsets$/));
    expect(fetch.to('POST', '/bodhi/v1/toolsets')[0]!.body).toEqual({
      toolset_type: 'builtin-exa-search',
      slug: 'my-exa',
      enabled: true,
      api_key: 'exa-key',
    });
  });

  it('says so when no type is enabled', async () => {
    setup('/ui/toolsets/new', {}, 'resource_user', [otherType]);
    expect(await screen.findByText(/No toolset types available/)).toBeInTheDocument();
  });

  it('shows a duplicate slug error', async () => {
    const { user } = setup('/ui/toolsets/new', {
      'POST /bodhi/v1/toolsets': errorReply(409, 'toolset_error-slug_exists', 'Slug already exists'),
    });
    await user.type(await screen.findByLabelText('Slug'), 'exa');
    await user.type(screen.getByLabelText('API key'), 'k');
    await user.click(screen.getByRole('button', { name: 'Create toolset' }));
    const slug = screen.getByLabelText('Slug');
    await vi.waitFor(() => expect(slug).toHaveAccessibleDescription(/Slug already exists/));
    expect(slug).toHaveAttribute('aria-invalid', 'true');
    await user.type(slug, '-2');
    expect(slug).not.toHaveAccessibleDescription(/Slug already exists/);
    expect(toastTitles()).toEqual([]);
  });

  it('clears a slug error once fixed, and says so in a toast after creating', async () => {
    const { user } = setup('/ui/toolsets/new');
    const slug = await screen.findByLabelText('Slug');
    await user.type(slug, 'bad slug!');
    await user.click(screen.getByRole('button', { name: 'Create toolset' }));
    expect(slug).toHaveAccessibleDescription(/Use 1 to 24 letters/);
    await user.clear(slug);
    await user.type(slug, 'good');
    expect(slug).not.toHaveAccessibleDescription(/Use 1 to 24 letters/);
    await user.type(screen.getByLabelText('API key'), 'k');
    expect(screen.queryByText('Enter an API key.')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Create toolset' }));
    await vi.waitFor(() => expect(toastTitles()).toEqual(['Toolset created']));
  });

  it('asks before deleting; Cancel deletes nothing', async () => {
    const { user, fetch } = setup('/ui/toolsets');
    await user.click(await screen.findByRole('button', { name: 'Delete exa' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete toolset?' });
    expect(dialog).toHaveTextContent('exa');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(fetch.to('DELETE', '/bodhi/v1/toolsets/ts-1')).toHaveLength(0);
    expect(toastTitles()).toEqual([]);
  });

  it('edits keeping the key, then replacing it', async () => {
    const { user, fetch } = setup('/ui/toolsets/edit?id=ts-1');
    await user.click(await screen.findByRole('button', { name: 'Save toolset' }));
    await vi.waitFor(() => expect(fetch.to('PUT', '/bodhi/v1/toolsets/ts-1')).toHaveLength(1));
    expect(fetch.to('PUT', '/bodhi/v1/toolsets/ts-1')[0]!.body).toEqual({
      slug: 'exa',
      description: 'web',
      enabled: true,
      api_key: { action: 'Keep' },
    });

    await user.click(await screen.findByRole('link', { name: 'Edit exa' }));
    await user.click(await screen.findByRole('checkbox', { name: 'Replace the API key' }));
    await user.type(screen.getByLabelText('API key'), 'new-key');
    await user.click(screen.getByRole('button', { name: 'Save toolset' }));
    await vi.waitFor(() => expect(fetch.to('PUT', '/bodhi/v1/toolsets/ts-1')).toHaveLength(2));
    expect(fetch.to('PUT', '/bodhi/v1/toolsets/ts-1')[1]!.body).toMatchObject({
      api_key: { action: 'Set', value: 'new-key' },
    });
  });

  it('lets an admin enable a type after confirmation', async () => {
    const { user, fetch } = setup('/ui/toolsets/admin', {}, 'resource_admin');
    await user.click(await screen.findByRole('switch', { name: 'Enabled: Other' }));
    const dialog = screen.getByRole('dialog', { name: 'Enable Other?' });
    await user.click(within(dialog).getByRole('button', { name: 'Enable' }));
    await vi.waitFor(() => expect(fetch.to('PUT', '/bodhi/v1/toolset_types/builtin-other/app-config')).toHaveLength(1));
  });

  it('validates description length', () => {
    const base = {
      toolsetType: 't',
      slug: 'ok',
      description: 'x'.repeat(256),
      enabled: true,
      apiKey: '',
      replaceKey: false,
    };
    expect(validateToolset(base, 'edit')).toEqual({ description: 'At most 255 characters.' });
  });
});
