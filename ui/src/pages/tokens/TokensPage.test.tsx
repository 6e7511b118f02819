import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiToken, CreateApiTokenRequest } from '../../api/types';
import { browser } from '../../lib/browser';
import { toastStore } from '../../lib/toast';
import { errorReply, type Reply } from '../../test/fetchMock';
import { baseRoutes, sessionUser } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { scopesFor } from './scopes';

const secret = 'bodhiapp_0123456789abcdefSECRET';
const existing: ApiToken = {
  id: 't1',
  user_id: 'id-alice',
  name: 'ci',
  token_prefix: 'bodhiapp_abcd',
  scopes: 'scope_token_user',
  status: 'active',
  created_at: '2024-11-10T04:52:06Z',
  updated_at: '2024-11-10T04:52:06Z',
};

const mockReply: { post: Reply | null } = { post: null };
const toastTitles = () => toastStore.items().map((t) => t.title);

beforeEach(() => {
  mockReply.post = null;
  toastStore.items().forEach((t) => toastStore.dismiss(t.id));
});

const usageRows = [
  {
    token_id: 't1',
    token_name: 'ci',
    requests: 1234,
    errors: 1,
    prompt_tokens: 50_000,
    completion_tokens: 7_654,
    total_tokens: 57_654,
  },
  {
    token_id: '',
    token_name: '',
    requests: 42,
    errors: 0,
    prompt_tokens: 900,
    completion_tokens: 100,
    total_tokens: 1000,
  },
];

function setup(usage: Reply = { body: usageReport(usageRows) }) {
  const copy = vi.spyOn(browser, 'copy').mockResolvedValue();
  let list = [existing];
  const r = renderApp('/ui/tokens', {
    ...baseRoutes({ user: sessionUser('resource_power_user') }),
    'GET /bodhi/v1/tokens': () => ({ body: { data: list, total: list.length, page: 1, page_size: 10 } }),
    'POST /bodhi/v1/tokens': (req) => {
      if (mockReply.post) return mockReply.post;
      const body = req.body as CreateApiTokenRequest;
      list = [
        { ...existing, id: 't2', name: body.name ?? '', scopes: body.scope, token_prefix: 'bodhiapp_0123' },
        ...list,
      ];
      return { status: 201, body: { token: secret } };
    },
    'PUT /bodhi/v1/tokens/t1': (req) => ({ body: { ...existing, ...(req.body as object) } }),
    'GET /bodhi/v1/usage': usage,
  });
  return { ...r, copy };
}

function usageReport(data: typeof usageRows) {
  const zero = { requests: 0, errors: 0, prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
  return {
    from: '2025-01-01T00:00:00Z',
    to: '2025-01-31T00:00:00Z',
    group_by: ['token'],
    user_id: 'id-alice',
    totals: zero,
    data,
    total: data.length,
    page: 1,
    page_size: 1000,
  };
}

describe('TokensPage', () => {
  it("shows each token's requests and tokens of the last 30 days, the caller's own", async () => {
    const { fetch } = setup();
    const row = (await screen.findByRole('cell', { name: 'ci' })).closest('tr')!;
    await vi.waitFor(() =>
      expect(within(row).getByTestId('token-usage')).toHaveTextContent('1,234 requests57,654 tokens'),
    );
    const q = fetch.to('GET', '/bodhi/v1/usage')[0]!.query;
    expect(q.get('group_by')).toBe('token');
    expect(q.get('user_id')).toBe('id-alice');
    const from = q.get('from')!;
    const to = q.get('to')!;
    expect((Date.parse(to) - Date.parse(from)) / 86_400_000).toBe(29);
    const note = screen.getByTestId('token-usage-note');
    expect(note).toHaveTextContent('42 more without an API token');
    expect(within(note).getByRole('link', { name: 'See all your usage' })).toHaveAttribute(
      'href',
      '/ui/usage?period=30d&user=id-alice',
    );
  });

  it('says when a token made no requests', async () => {
    setup({ body: usageReport([]) });
    const row = (await screen.findByRole('cell', { name: 'ci' })).closest('tr')!;
    await vi.waitFor(() => expect(within(row).getByTestId('token-usage')).toHaveTextContent('No requests'));
  });

  it('keeps the list when usage cannot be loaded', async () => {
    setup(errorReply(500, 'db_error'));
    const row = (await screen.findByRole('cell', { name: 'ci' })).closest('tr')!;
    await vi.waitFor(() =>
      expect(screen.getByTestId('token-usage-note')).toHaveTextContent('Your usage could not be loaded.'),
    );
    expect(within(row).getByTestId('token-usage')).toHaveTextContent('—');
  });

  it('lists the tokens', async () => {
    setup();
    const table = await screen.findByRole('table');
    expect(within(table).getByRole('cell', { name: 'ci' })).toBeInTheDocument();
    expect(within(table).getByRole('switch', { name: 'Active: ci' })).toBeChecked();
  });

  it('shows a new token once, with a copy button', async () => {
    const { user, fetch, copy } = setup();
    await user.click(await screen.findByRole('button', { name: 'New API token' }));
    const form = screen.getByRole('dialog', { name: 'New API token' });
    expect(within(form).getByLabelText('Name (optional)')).toHaveFocus();
    await user.type(within(form).getByLabelText('Name (optional)'), 'laptop');
    await user.selectOptions(within(form).getByLabelText('Scope'), 'Power User');
    await user.click(within(form).getByRole('button', { name: 'Create token' }));

    const shown = await screen.findByRole('dialog', { name: 'Your new API token' });
    expect(fetch.to('POST', '/bodhi/v1/tokens')[0]!.body).toEqual({ name: 'laptop', scope: 'scope_token_power_user' });
    expect(within(shown).getByTestId('new-token-value')).toHaveTextContent(secret);
    expect(within(shown).getByText(/will not be shown again/)).toBeInTheDocument();

    await user.click(within(shown).getByRole('button', { name: 'Copy' }));
    expect(copy).toHaveBeenCalledWith(secret);
    expect(await within(shown).findByRole('status')).toHaveTextContent('Copied to the clipboard.');

    expect(toastTitles()).toEqual(['API token created']);
    await user.click(within(shown).getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.queryByText(secret)).not.toBeInTheDocument();
    // the list refreshed with the new token's prefix only
    expect(await screen.findByRole('cell', { name: 'laptop' })).toBeInTheDocument();
    expect(document.body).not.toHaveTextContent(secret);
    expect(screen.getByRole('button', { name: 'New API token' })).toHaveFocus();
  });

  it('closes the create dialog with Escape', async () => {
    const { user } = setup();
    await user.click(await screen.findByRole('button', { name: 'New API token' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('deactivates a token after confirmation; Cancel changes nothing', async () => {
    const { user, fetch } = setup();
    await user.click(await screen.findByRole('switch', { name: 'Active: ci' }));
    const dialog = screen.getByRole('dialog', { name: 'Deactivate ci?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(fetch.to('PUT', '/bodhi/v1/tokens/t1')).toHaveLength(0);

    await user.click(screen.getByRole('switch', { name: 'Active: ci' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Deactivate' }));
    await vi.waitFor(() => expect(fetch.to('PUT', '/bodhi/v1/tokens/t1')).toHaveLength(1));
    expect(fetch.to('PUT', '/bodhi/v1/tokens/t1')[0]!.body).toEqual({ name: 'ci', status: 'inactive' });
    await vi.waitFor(() => expect(toastTitles()).toEqual(['Token deactivated']));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('checks the name length beside the field, and clears it once fixed', async () => {
    const { user, fetch } = setup();
    await user.click(await screen.findByRole('button', { name: 'New API token' }));
    const name = screen.getByLabelText('Name (optional)');
    await user.click(name);
    await user.paste('x'.repeat(256));
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    expect(name).toHaveAccessibleDescription('At most 255 characters.');
    await user.type(name, '{Backspace}');
    expect(name).not.toHaveAccessibleDescription('At most 255 characters.');
    expect(fetch.to('POST', '/bodhi/v1/tokens')).toHaveLength(0);
  });

  it('shows a server error about the name at the name field', async () => {
    const { user } = setup();
    mockReply.post = errorReply(400, 'obj_validation_error-validation_errors', 'name: at most 255 characters');
    await user.click(await screen.findByRole('button', { name: 'New API token' }));
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    await vi.waitFor(() =>
      expect(screen.getByLabelText('Name (optional)')).toHaveAccessibleDescription(/at most 255 characters/),
    );
    expect(screen.getByRole('dialog', { name: 'New API token' })).toBeInTheDocument();
  });
});

describe('token scopes', () => {
  it('never exceed the caller role', () => {
    expect(scopesFor('resource_user').map((s) => s.label)).toEqual(['User']);
    expect(scopesFor('resource_power_user').map((s) => s.label)).toEqual(['User', 'Power User']);
    expect(scopesFor('resource_admin').map((s) => s.label)).toEqual(['User', 'Power User']);
  });
});
