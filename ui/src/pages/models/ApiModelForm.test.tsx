import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiModel } from '../../api/types';
import { errorReply, type Routes } from '../../test/fetchMock';
import { baseRoutes, hostedInfo, sessionUser, type SessionRole } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { toastStore } from '../../lib/toast';

const toastTitles = () => toastStore.items().map((t) => t.title);

beforeEach(() => toastStore.items().forEach((t) => toastStore.dismiss(t.id)));

const stored: ApiModel = {
  id: 'am-1',
  api_format: 'openai',
  base_url: 'https://api.openai.com/v1',
  api_key_masked: '***',
  models: ['gpt-4o'],
  prefix: 'openai/',
  forward_all_with_prefix: false,
  created_at: '2024-11-10T04:52:06Z',
  updated_at: '2024-11-10T04:52:06Z',
};

function setup(path: string, extra: Routes = {}, info = baseRoutes()) {
  return renderApp(path, {
    ...info,
    'GET /bodhi/v1/api-models/api-formats': { body: { data: ['openai'] } },
    'GET /bodhi/v1/api-models/am-1': { body: stored },
    'POST /bodhi/v1/api-models/fetch-models': { body: { models: ['gpt-4o', 'gpt-4o-mini'] } },
    'POST /bodhi/v1/api-models/test': { body: { success: true, response: 'Hello there, friend!' } },
    'POST /bodhi/v1/api-models': (req) => ({ status: 201, body: { ...stored, ...(req.body as object) } }),
    'PUT /bodhi/v1/api-models/am-1': (req) => ({ body: { ...stored, ...(req.body as object) } }),
    'GET /bodhi/v1/models': { body: { data: [], total: 0, page: 1, page_size: 10 } },
    ...extra,
  });
}

describe('API model form', () => {
  it('creates a provider with fetched models, testing it with the typed key', async () => {
    const { user, fetch } = setup('/ui/api-models/new');
    await user.type(await screen.findByLabelText('Base URL'), 'https://api.openai.com/v1');
    await user.type(screen.getByLabelText('API key (optional)'), 'sk-test');
    await user.click(screen.getByRole('button', { name: 'Fetch Models' }));
    await user.click(await screen.findByRole('checkbox', { name: 'gpt-4o-mini' }));
    expect(fetch.to('POST', '/bodhi/v1/api-models/fetch-models')[0]!.body).toEqual({
      creds: { type: 'api_key', value: 'sk-test' },
      base_url: 'https://api.openai.com/v1',
    });

    await user.click(screen.getByRole('button', { name: 'Test Connection' }));
    expect(await screen.findByText(/Connection works/)).toHaveTextContent('Hello there, friend!');
    expect(fetch.to('POST', '/bodhi/v1/api-models/test')[0]!.body).toMatchObject({
      creds: { type: 'api_key', value: 'sk-test' },
      model: 'gpt-4o-mini',
    });

    await user.click(screen.getByRole('checkbox', { name: 'Use a prefix' }));
    await user.type(screen.getByLabelText('Prefix'), 'openai/');
    await user.click(screen.getByRole('button', { name: 'Create API model' }));
    await vi.waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/models$/));
    expect(fetch.to('POST', '/bodhi/v1/api-models')[0]!.body).toEqual({
      api_format: 'openai',
      base_url: 'https://api.openai.com/v1',
      api_key: 'sk-test',
      models: ['gpt-4o-mini'],
      prefix: 'openai/',
      forward_all_with_prefix: false,
    });
  });

  it('validates before sending', async () => {
    const { user, fetch } = setup('/ui/api-models/new');
    await user.click(await screen.findByRole('button', { name: 'Create API model' }));
    expect(screen.getByLabelText('Base URL')).toHaveAccessibleDescription(/absolute http/);
    expect(screen.getByText('Choose at least one model.')).toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: 'Forward all models with the prefix' }));
    await user.click(screen.getByRole('button', { name: 'Create API model' }));
    expect(screen.getByText('Forwarding all models needs a prefix.')).toBeInTheDocument();
    expect(fetch.to('POST', '/bodhi/v1/api-models')).toHaveLength(0);
  });

  it('edits with the stored key kept, testing with the row id', async () => {
    const { user, fetch } = setup('/ui/api-models/edit?id=am-1');
    expect(await screen.findByLabelText('Base URL')).toHaveValue('https://api.openai.com/v1');
    expect(screen.getByText('A key is stored. Type a new one to replace it.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Test Connection' }));
    await screen.findByText(/Connection works/);
    expect(fetch.to('POST', '/bodhi/v1/api-models/test')[0]!.body).toMatchObject({
      creds: { type: 'id', value: 'am-1' },
      model: 'gpt-4o',
    });
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await vi.waitFor(() => expect(fetch.to('PUT', '/bodhi/v1/api-models/am-1')).toHaveLength(1));
    expect(fetch.to('PUT', '/bodhi/v1/api-models/am-1')[0]!.body).toMatchObject({
      api_key: { action: 'keep' },
      prefix: 'openai/',
    });
  });

  it('shows a blocked address next to the base URL in hosted mode', async () => {
    const { user } = setup(
      '/ui/api-models/edit?id=am-1',
      {
        'PUT /bodhi/v1/api-models/am-1': errorReply(
          400,
          'ai_api_service_error-blocked_address',
          'Address 10.0.0.1 is not allowed.',
        ),
      },
      baseRoutes({ info: hostedInfo }),
    );
    await user.click(await screen.findByRole('button', { name: 'Save' }));
    await vi.waitFor(() =>
      expect(screen.getByLabelText('Base URL')).toHaveAccessibleDescription(/Address 10\.0\.0\.1 is not allowed\./),
    );
  });

  it('clears an error as soon as the value is fixed', async () => {
    const { user } = setup('/ui/api-models/new');
    await user.type(await screen.findByLabelText('Base URL'), 'api.openai.com');
    await user.click(screen.getByRole('button', { name: 'Create API model' }));
    const url = screen.getByLabelText('Base URL');
    expect(url).toHaveAttribute('aria-invalid', 'true');
    expect(url).toHaveAccessibleDescription(/Enter an absolute http/);
    expect(screen.getByText('Choose at least one model.')).toBeInTheDocument();

    await user.clear(url);
    await user.type(url, 'https://api.openai.com/v1');
    expect(url).not.toHaveAttribute('aria-invalid');
    expect(screen.queryByText('Enter an absolute http:// or https:// URL.')).not.toBeInTheDocument();

    await user.type(screen.getByLabelText('Add a model by name'), 'gpt-4o{Enter}');
    expect(screen.getByRole('checkbox', { name: 'gpt-4o' })).toBeChecked();
    expect(screen.queryByText('Choose at least one model.')).not.toBeInTheDocument();
  });

  it('clears the prefix rule once forwarding is turned off or a prefix is given', async () => {
    const { user } = setup('/ui/api-models/new');
    await user.click(await screen.findByRole('radio', { name: 'Forward all models with the prefix' }));
    await user.click(screen.getByRole('button', { name: 'Create API model' }));
    expect(screen.getByText('Forwarding all models needs a prefix.')).toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: 'Use a prefix' }));
    await user.type(screen.getByLabelText('Prefix'), 'oa/');
    expect(screen.queryByText('Forwarding all models needs a prefix.')).not.toBeInTheDocument();
  });

  it('shows a server error at the field it names, and other errors for the whole form', async () => {
    let reply = errorReply(400, 'db_error-prefix_exists', 'An API model with this prefix already exists.');
    const { user } = setup('/ui/api-models/edit?id=am-1', { 'PUT /bodhi/v1/api-models/am-1': () => reply });
    await user.click(await screen.findByRole('button', { name: 'Save' }));
    const prefix = screen.getByLabelText('Prefix');
    await vi.waitFor(() => expect(prefix).toHaveAccessibleDescription(/already exists/));
    await user.type(prefix, 'x');
    expect(prefix).not.toHaveAccessibleDescription(/already exists/);

    reply = errorReply(500, 'encryption_error-encrypt_failed', 'The API key could not be sealed.');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The API key could not be sealed.');
    expect(toastTitles()).toEqual([]);
  });

  it('shows a server error whose param names a field at that field', async () => {
    const { user } = setup('/ui/api-models/edit?id=am-1', {
      'PUT /bodhi/v1/api-models/am-1': {
        status: 400,
        body: {
          error: {
            message: 'The URL must not contain a query.',
            type: 'invalid_request_error',
            code: 'obj_validation_error-validation_errors',
            param: { field: 'base_url' },
          },
        },
      },
    });
    await user.click(await screen.findByRole('button', { name: 'Save' }));
    const url = screen.getByLabelText('Base URL');
    await vi.waitFor(() => expect(url).toHaveAccessibleDescription(/must not contain a query/));
    expect(url).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('says so in a toast after creating', async () => {
    const { user } = setup('/ui/api-models/new');
    await user.type(await screen.findByLabelText('Base URL'), 'https://api.openai.com/v1');
    await user.type(screen.getByLabelText('Add a model by name'), 'gpt-4o{Enter}');
    await user.click(screen.getByRole('button', { name: 'Create API model' }));
    await vi.waitFor(() => expect(toastTitles()).toEqual(['API model created']));
  });
});

describe('models page', () => {
  const api = { ...stored, source: 'api' as const, has_api_key: true };
  function page(role: SessionRole = 'resource_power_user') {
    return renderApp('/ui/models', {
      ...baseRoutes({ user: sessionUser(role) }),
      'GET /bodhi/v1/models': { body: { data: [api], total: 1, page: 1, page_size: 10 } },
      'DELETE /bodhi/v1/api-models/am-1': { status: 204 },
    });
  }

  it('asks before deleting an API model; Cancel deletes nothing', async () => {
    const { user, fetch } = page();
    await user.click(await screen.findByRole('button', { name: 'Delete openai/*' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete API model?' });
    expect(dialog).toHaveTextContent('openai/*');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(fetch.to('DELETE', '/bodhi/v1/api-models/am-1')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Delete openai/*' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete' }));
    await vi.waitFor(() => expect(fetch.to('DELETE', '/bodhi/v1/api-models/am-1')).toHaveLength(1));
    await vi.waitFor(() => expect(toastTitles()).toEqual(['API model deleted']));
  });

  it('shows a plain user no actions to manage models, and who can add them', async () => {
    renderApp('/ui/models', {
      ...baseRoutes({ user: sessionUser('resource_user') }),
      'GET /bodhi/v1/models': { body: { data: [], total: 0, page: 1, page_size: 10 } },
    });
    expect(await screen.findByText(/power users and above can add/i)).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'New API Model' })).not.toBeInTheDocument();
  });
});
