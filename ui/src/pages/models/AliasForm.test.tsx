import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/ApiError';
import type { AliasResponse, LocalModelFile, UserAlias } from '../../api/types';
import { toastStore } from '../../lib/toast';
import { errorReply, type Routes } from '../../test/fetchMock';
import { baseRoutes, hostedInfo, sessionUser } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { aliasRequest, aliasServerErrors, emptyAliasDraft } from './aliasForm';

const llama: LocalModelFile = {
  repo: 'bartowski/Llama-3.2-3B-Instruct-GGUF',
  filename: 'Llama-3.2-3B-Instruct-Q4_K_M.gguf',
  snapshot: 'abc123',
  size: 2e9,
  model_params: {},
};
const llamaQ8: LocalModelFile = { ...llama, filename: 'Llama-3.2-3B-Instruct-Q8_0.gguf', snapshot: 'abc123' };
const phi: LocalModelFile = {
  repo: 'microsoft/Phi-3-mini-4k-instruct-gguf',
  filename: 'Phi-3-mini-4k-instruct-q4.gguf',
  snapshot: 'def456',
  size: 4.7e9,
  model_params: {},
};
const files = { body: { data: [llama, llamaQ8, phi], total: 3, page: 1, page_size: 100 } };
const stored: UserAlias = {
  source: 'user',
  id: 'ua-1',
  alias: 'my-llama',
  repo: llama.repo,
  filename: llama.filename,
  snapshot: 'abc123',
  request_params: { temperature: 0.7, stop: ['</s>', 'END'], max_tokens: 512 },
  context_params: ['--ctx-size 8192', '--threads 4'],
  model_params: {},
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
};
const toastTitles = () => toastStore.items().map((t) => t.title);

function render(path: string, routes: Routes = {}) {
  return renderApp(path, {
    ...baseRoutes({ user: sessionUser('resource_power_user') }),
    'GET /bodhi/v1/modelfiles': files,
    'GET /bodhi/v1/models': { body: { data: [], total: 0, page: 1, page_size: 10 } },
    ...routes,
  });
}

describe('alias form', () => {
  it('creates an alias for the file picked on Model Files, with parameters and llama-server arguments', async () => {
    const { user, fetch } = render(
      `/ui/models/new?repo=${encodeURIComponent(llama.repo)}&filename=${encodeURIComponent(llama.filename)}&snapshot=abc123`,
      { 'POST /bodhi/v1/models': (req) => ({ status: 201, body: { ...stored, ...(req.body as object) } }) },
    );
    expect(await screen.findByRole('heading', { name: 'New Model Alias' })).toBeInTheDocument();
    expect(screen.getByLabelText('Repository')).toHaveValue(llama.repo);
    expect(screen.getByLabelText('File')).toHaveValue(llama.filename);
    expect(screen.getByLabelText('Snapshot')).toHaveValue('abc123');
    await user.type(screen.getByLabelText('Alias name'), 'my-llama');
    await user.type(screen.getByLabelText('Temperature'), '0.7');
    await user.type(screen.getByLabelText('Max tokens'), '512');
    await user.type(screen.getByLabelText('Stop sequences'), '</s>{Enter}END');
    await user.type(screen.getByLabelText('llama-server arguments'), '--ctx-size 8192{Enter}{Enter}--threads 4');
    await user.click(screen.getByRole('button', { name: 'Create alias' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/models$/));
    expect(fetch.to('POST', '/bodhi/v1/models')[0]!.body).toEqual({
      alias: 'my-llama',
      repo: llama.repo,
      filename: llama.filename,
      snapshot: 'abc123',
      request_params: { temperature: 0.7, max_tokens: 512, stop: ['</s>', 'END'] },
      context_params: ['--ctx-size 8192', '--threads 4'],
    });
    expect(toastTitles()).toContain('Alias created');
  });

  it('offers the files of the chosen repository and starts the snapshot at main', async () => {
    const { user } = render('/ui/models/new');
    const repo = await screen.findByLabelText('Repository');
    await waitFor(() => expect(within(repo).getAllByRole('option')).toHaveLength(3));
    await user.selectOptions(repo, phi.repo);
    expect(screen.getByLabelText('File')).toHaveValue(phi.filename);
    expect(
      within(screen.getByLabelText('File'))
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Choose a file', phi.filename]);
    expect(screen.getByLabelText('Snapshot')).toHaveValue('');
    await user.selectOptions(repo, llama.repo);
    await user.selectOptions(screen.getByLabelText('File'), llamaQ8.filename);
    expect(screen.getByLabelText('File')).toHaveValue(llamaQ8.filename);
  });

  it('shows each error beside its field, and clears it once fixed', async () => {
    const { user, fetch } = render('/ui/models/new');
    await screen.findByLabelText('Alias name');
    await user.type(screen.getByLabelText('Temperature'), '3');
    await user.type(screen.getByLabelText('Seed'), '1.5');
    await user.click(screen.getByRole('button', { name: 'Create alias' }));
    expect(screen.getByLabelText('Alias name')).toHaveAccessibleDescription(/alias must not be empty/);
    expect(screen.getByLabelText('Repository')).toHaveAccessibleDescription(/repo must be owner\/name/);
    expect(screen.getByLabelText('Temperature')).toHaveAccessibleDescription(
      /temperature must be a number within 0..2/,
    );
    expect(screen.getByLabelText('Seed')).toHaveAccessibleDescription(/seed must be a whole number/);
    await user.clear(screen.getByLabelText('Temperature'));
    await user.type(screen.getByLabelText('Temperature'), '1.2');
    expect(screen.getByLabelText('Temperature')).not.toHaveAttribute('aria-invalid');
    await user.type(screen.getByLabelText('Alias name'), 'x');
    expect(screen.getByLabelText('Alias name')).not.toHaveAttribute('aria-invalid');
    expect(fetch.to('POST', '/bodhi/v1/models')).toHaveLength(0);
  });

  it('puts a server refusal at its field', async () => {
    const { user } = render('/ui/models/new', {
      'POST /bodhi/v1/models': errorReply(400, 'data_service_error-alias_exists', "Alias 'my-llama' already exists."),
    });
    await user.type(await screen.findByLabelText('Alias name'), 'my-llama');
    await user.selectOptions(screen.getByLabelText('Repository'), phi.repo);
    await user.click(screen.getByRole('button', { name: 'Create alias' }));
    await waitFor(() =>
      expect(screen.getByLabelText('Alias name')).toHaveAccessibleDescription(/Alias 'my-llama' already exists./),
    );
    expect(screen.getByLabelText('Alias name')).toHaveFocus();
  });

  it('edits an alias with its name read-only', async () => {
    const { user, fetch } = render('/ui/models/edit?id=ua-1', {
      'GET /bodhi/v1/models/ua-1': { body: stored },
      'PUT /bodhi/v1/models/ua-1': (req) => ({ body: { ...stored, ...(req.body as object) } }),
    });
    const name = await screen.findByLabelText('Alias name');
    expect(name).toHaveValue('my-llama');
    expect(name).toHaveAttribute('readonly');
    expect(screen.getByLabelText('Temperature')).toHaveValue('0.7');
    expect(screen.getByLabelText('Stop sequences')).toHaveValue('</s>\nEND');
    expect(screen.getByLabelText('llama-server arguments')).toHaveValue('--ctx-size 8192\n--threads 4');
    await user.clear(screen.getByLabelText('Temperature'));
    await user.type(screen.getByLabelText('Top P'), '0.9');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fetch.to('PUT', '/bodhi/v1/models/ua-1')).toHaveLength(1));
    expect(fetch.to('PUT', '/bodhi/v1/models/ua-1')[0]!.body).toEqual({
      repo: llama.repo,
      filename: llama.filename,
      snapshot: 'abc123',
      request_params: { top_p: 0.9, max_tokens: 512, stop: ['</s>', 'END'] },
      context_params: ['--ctx-size 8192', '--threads 4'],
    });
    expect(toastTitles()).toContain('Alias saved');
  });

  it('says when the alias to edit is not found', async () => {
    render('/ui/models/edit?id=nope', {
      'GET /bodhi/v1/models/nope': errorReply(404, 'data_service_error-alias_not_found', "Alias 'nope' not found."),
    });
    expect(await screen.findByRole('alert')).toHaveTextContent("Alias 'nope' not found.");
  });

  it('maps every out-of-range parameter of one refusal to its field', () => {
    const e = new ApiError(400, {
      code: 'obj_validation_error-validation_errors',
      message:
        'request_params.temperature must be within 0..2; got 3; request_params.max_tokens must be at least 1; got 0.',
    });
    expect(aliasServerErrors(e)).toEqual([
      { field: 'temperature', message: 'temperature must be within 0..2; got 3' },
      { field: 'max_tokens', message: 'max_tokens must be at least 1; got 0' },
    ]);
    const empty = new ApiError(400, {
      code: 'obj_validation_error-validation_errors',
      message: 'alias must not be empty.',
    });
    expect(aliasServerErrors(empty)).toEqual([{ field: 'alias', message: 'alias must not be empty' }]);
    expect(aliasServerErrors(new ApiError(400, { code: 'json_error', message: 'bad json' }))).toEqual([]);
  });

  it('shows a server parameter refusal at its field', async () => {
    const { user } = render('/ui/models/new', {
      'POST /bodhi/v1/models': errorReply(
        400,
        'obj_validation_error-validation_errors',
        'request_params.top_p must be within 0..1; got 1.',
      ),
    });
    await user.type(await screen.findByLabelText('Alias name'), 'a');
    await user.selectOptions(screen.getByLabelText('Repository'), phi.repo);
    await user.type(screen.getByLabelText('Top P'), '1');
    await user.click(screen.getByRole('button', { name: 'Create alias' }));
    await waitFor(() =>
      expect(screen.getByLabelText('Top P')).toHaveAccessibleDescription(/top_p must be within 0..1/),
    );
  });

  it('builds a request without blank parameters', () => {
    expect(aliasRequest({ ...emptyAliasDraft({ repo: 'a/b', filename: 'f.gguf' }), alias: ' x ' }, true)).toEqual({
      alias: 'x',
      repo: 'a/b',
      filename: 'f.gguf',
      request_params: {},
      context_params: [],
    });
  });
});

describe('models table with local aliases', () => {
  const user: AliasResponse = { ...stored };
  const model: AliasResponse = {
    source: 'model',
    alias: `${phi.repo}:Q4`,
    repo: phi.repo,
    filename: phi.filename,
    snapshot: phi.snapshot,
  };
  const api: AliasResponse = {
    source: 'api',
    id: 'am-1',
    api_format: 'openai',
    base_url: 'https://api.openai.com/v1',
    models: ['gpt-4o'],
    api_key_masked: '***',
    prefix: 'openai/',
    forward_all_with_prefix: false,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
  };
  const list = (data: AliasResponse[]) => ({ body: { data, total: data.length, page: 1, page_size: 10 } });

  it('gives each kind of alias its own actions and source badge', async () => {
    render('/ui/models', { 'GET /bodhi/v1/models': list([user, model, api]) });
    const userRow = (await screen.findByText('my-llama')).closest('tr')!;
    expect(within(userRow).getByText('User alias')).toBeInTheDocument();
    expect(within(userRow).getByRole('link', { name: 'Chat with my-llama' })).toHaveAttribute(
      'href',
      '/ui/chat?model=my-llama',
    );
    expect(within(userRow).getByRole('link', { name: 'Edit my-llama' })).toHaveAttribute(
      'href',
      '/ui/models/edit?id=ua-1',
    );
    expect(within(userRow).getByRole('button', { name: 'Copy my-llama' })).toBeInTheDocument();
    expect(within(userRow).getByRole('button', { name: 'Delete my-llama' })).toBeInTheDocument();

    const modelRow = screen.getByText(model.alias).closest('tr')!;
    expect(within(modelRow).getByText('Model file')).toBeInTheDocument();
    expect(within(modelRow).getByRole('link', { name: `Create alias from ${model.alias}` })).toHaveAttribute(
      'href',
      `/ui/models/new?repo=${encodeURIComponent(phi.repo)}&filename=${encodeURIComponent(phi.filename)}&snapshot=def456`,
    );
    expect(within(modelRow).queryByRole('button', { name: /Delete/ })).not.toBeInTheDocument();
    expect(within(modelRow).queryByRole('link', { name: /Edit/ })).not.toBeInTheDocument();

    const apiRow = screen.getByText('openai/*').closest('tr')!;
    expect(within(apiRow).queryByRole('button', { name: /Copy/ })).not.toBeInTheDocument();
  });

  it('copies a user alias under a new name, showing a taken name at the field', async () => {
    let taken = true;
    const { user: u, fetch } = render('/ui/models', {
      'GET /bodhi/v1/models': list([user]),
      'POST /bodhi/v1/models/ua-1/copy': (req) => {
        if (taken) {
          taken = false;
          return errorReply(400, 'data_service_error-alias_exists', "Alias 'my-llama-copy' already exists.");
        }
        return { status: 201, body: { ...stored, id: 'ua-2', alias: (req.body as { alias: string }).alias } };
      },
    });
    await u.click(await screen.findByRole('button', { name: 'Copy my-llama' }));
    const dialog = screen.getByRole('dialog', { name: 'Copy my-llama' });
    const name = within(dialog).getByLabelText('New alias name');
    expect(name).toHaveValue('my-llama-copy');
    await u.click(within(dialog).getByRole('button', { name: 'Copy alias' }));
    await waitFor(() => expect(name).toHaveAccessibleDescription(/already exists/));
    await u.clear(name);
    await u.type(name, 'my-llama-2');
    await u.click(within(dialog).getByRole('button', { name: 'Copy alias' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(fetch.to('POST', '/bodhi/v1/models/ua-1/copy').at(-1)!.body).toEqual({ alias: 'my-llama-2' });
    expect(toastTitles()).toContain('Alias copied');
  });

  it('asks before deleting a user alias', async () => {
    const { user: u, fetch } = render('/ui/models', {
      'GET /bodhi/v1/models': list([user]),
      'DELETE /bodhi/v1/models/ua-1': { status: 200 },
    });
    await u.click(await screen.findByRole('button', { name: 'Delete my-llama' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete alias?' });
    expect(dialog).toHaveTextContent('my-llama');
    await u.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(fetch.to('DELETE', '/bodhi/v1/models/ua-1')).toHaveLength(1));
    await waitFor(() => expect(toastTitles()).toContain('Alias deleted'));
  });

  it('hosted: API models only, and no New Model Alias', async () => {
    renderApp('/ui/models', {
      ...baseRoutes({ info: hostedInfo, user: sessionUser('resource_power_user') }),
      'GET /bodhi/v1/models': list([api]),
    });
    expect(await screen.findByText('openai/*')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'New Model Alias' })).not.toBeInTheDocument();
  });
});
