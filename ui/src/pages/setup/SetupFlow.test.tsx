import { act, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { AppToolsetConfig, Toolset } from '../../api/types';
import type { Routes } from '../../test/fetchMock';
import { baseRoutes, loggedOut, sessionUser, standaloneInfo } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const exaType: AppToolsetConfig = {
  toolset_type: 'builtin-exa-search',
  name: 'Exa Web Search',
  description: 'Search and analyze web content using Exa AI',
  enabled: false,
  updated_by: 'system',
  created_at: '2024-11-10T04:52:06Z',
  updated_at: '2024-11-10T04:52:06Z',
};
const exaInstance: Toolset = {
  id: 'ts-1',
  slug: 'exa-search',
  toolset_type: 'builtin-exa-search',
  enabled: true,
  has_api_key: true,
  tools: [],
  created_at: '2024-11-10T04:52:06Z',
  updated_at: '2024-11-10T04:52:06Z',
};

function setup(path: string, routes: Routes = {}, base = baseRoutes()) {
  return renderApp(path, { ...base, ...routes });
}

const location = () => screen.getByTestId('location');

describe('setup steps', () => {
  it('the resource-admin page returns to download-models after login', async () => {
    const { user } = setup(
      '/ui/setup/resource-admin',
      { 'POST /bodhi/v1/auth/initiate': { body: { location: '/ui/login' } } },
      baseRoutes({ info: { ...standaloneInfo, status: 'resource-admin' }, user: loggedOut }),
    );
    await user.click(await screen.findByTestId('login-button'));
    expect(sessionStorage.getItem('bodhi-return-url')).toBe('/ui/setup/download-models');
  });

  it('api-models: Skip goes on without saving', async () => {
    const { user, fetch } = setup('/ui/setup/api-models', {
      'GET /bodhi/v1/api-models/api-formats': { body: { data: ['openai'] } },
    });
    expect(await screen.findByRole('heading', { name: 'Connect an API model' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Skip' }));
    expect(location()).toHaveTextContent(/^\/setup\/toolsets$/);
    expect(fetch.to('POST', '/bodhi/v1/api-models')).toHaveLength(0);
  });

  it('api-models: Continue saves the provider, then goes on', async () => {
    const { user, fetch } = setup('/ui/setup/api-models', {
      'GET /bodhi/v1/api-models/api-formats': { body: { data: ['openai'] } },
      'POST /bodhi/v1/api-models': (req) => ({ status: 201, body: { id: 'am-1', ...(req.body as object) } }),
    });
    await user.type(await screen.findByLabelText('Base URL'), 'https://api.openai.com/v1');
    await user.click(screen.getByRole('checkbox', { name: 'Use a prefix' }));
    await user.type(screen.getByLabelText('Prefix'), 'openai/');
    await user.click(screen.getByRole('radio', { name: 'Forward all models with the prefix' }));
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    await vi.waitFor(() => expect(location()).toHaveTextContent(/^\/setup\/toolsets$/));
    expect(fetch.to('POST', '/bodhi/v1/api-models')[0]!.body).toMatchObject({
      base_url: 'https://api.openai.com/v1',
      forward_all_with_prefix: true,
      prefix: 'openai/',
    });
  });

  it('toolsets: an admin enables Exa after confirming', async () => {
    const { user, fetch } = setup('/ui/setup/toolsets', {
      'GET /bodhi/v1/toolsets': { body: { toolsets: [], toolset_types: [exaType] } },
      'PUT /bodhi/v1/toolset_types/builtin-exa-search/app-config': { body: { ...exaType, enabled: true } },
    });
    expect(await screen.findByText(/Enable Exa web search for this server/)).toBeInTheDocument();
    await user.click(screen.getByRole('switch', { name: 'Enabled: Exa Web Search' }));
    const dialog = screen.getByRole('dialog', { name: 'Enable Exa Web Search?' });
    await user.click(within(dialog).getByRole('button', { name: 'Enable' }));
    await vi.waitFor(() =>
      expect(fetch.to('PUT', '/bodhi/v1/toolset_types/builtin-exa-search/app-config')).toHaveLength(1),
    );
  });

  it('toolsets: a user stores an Exa key with the pre-filled slug, then continues', async () => {
    let created = false;
    const { user, fetch } = setup(
      '/ui/setup/toolsets',
      {
        'GET /bodhi/v1/toolsets': () => ({
          body: { toolsets: created ? [exaInstance] : [], toolset_types: [{ ...exaType, enabled: true }] },
        }),
        'POST /bodhi/v1/toolsets': (req) => {
          created = true;
          return { status: 201, body: { ...exaInstance, ...(req.body as object) } };
        },
      },
      baseRoutes({ user: sessionUser('resource_user') }),
    );
    expect(await screen.findByLabelText('Slug')).toHaveValue('exa-search');
    expect(screen.queryByRole('switch')).not.toBeInTheDocument();
    await user.type(screen.getByLabelText('API key'), 'exa-key');
    await user.click(screen.getByRole('button', { name: 'Create toolset' }));
    const done = await screen.findByRole('list', { name: 'Your Exa toolsets' });
    expect(done).toHaveTextContent('exa-search');
    expect(fetch.to('POST', '/bodhi/v1/toolsets')[0]!.body).toEqual({
      toolset_type: 'builtin-exa-search',
      slug: 'exa-search',
      enabled: true,
      api_key: 'exa-key',
    });
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(location()).toHaveTextContent(/^\/setup\/browser-extension$/);
  });

  it('toolsets: a user waits for an admin when Exa is disabled', async () => {
    setup(
      '/ui/setup/toolsets',
      { 'GET /bodhi/v1/toolsets': { body: { toolsets: [], toolset_types: [exaType] } } },
      baseRoutes({ user: sessionUser('resource_user') }),
    );
    expect(await screen.findByText(/An admin has to enable Exa web search/)).toBeInTheDocument();
    expect(screen.queryByLabelText('API key')).not.toBeInTheDocument();
  });

  it('browser-extension: detects the browser and the extension, and links the store', async () => {
    vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
    );
    const { user } = setup('/ui/setup/browser-extension');
    expect(await screen.findByTestId('detected-browser')).toHaveTextContent('Google Chrome');
    expect(screen.getByTestId('extension-status')).toHaveTextContent('not found');
    expect(screen.getByRole('link', { name: 'Get the Bodhi extension for Google Chrome' })).toHaveAttribute(
      'href',
      expect.stringMatching(/^https:\/\/chromewebstore\.google\.com\/detail\/bodhi-browser-extension\//),
    );
    act(() => {
      window.bodhiext = {};
      window.dispatchEvent(new Event('bodhiext:initialized'));
    });
    expect(screen.getByTestId('extension-status')).toHaveTextContent('The Bodhi extension is installed.');
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(location()).toHaveTextContent(/^\/setup\/complete$/);
    delete window.bodhiext;
  });

  it('browser-extension: an extension already present is found at once', async () => {
    window.bodhiext = {};
    setup('/ui/setup/browser-extension');
    expect(await screen.findByTestId('extension-status')).toHaveTextContent('installed');
    delete window.bodhiext;
  });

  it('complete: Start Chatting goes to chat', async () => {
    const { user } = setup('/ui/setup/complete');
    expect(await screen.findByRole('heading', { name: 'Bodhi is ready' })).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: 'Setup progress' })).toHaveTextContent('Done');
    await user.click(screen.getByRole('button', { name: 'Start Chatting' }));
    expect(location()).toHaveTextContent(/^\/chat$/);
  });

  it('requires a login, remembering the step', async () => {
    setup('/ui/setup/toolsets', {}, baseRoutes({ user: loggedOut }));
    await vi.waitFor(() => expect(location()).toHaveTextContent(/^\/login$/));
    expect(sessionStorage.getItem('bodhi-return-url')).toBe('/ui/setup/toolsets');
  });

  it('sends a server that is not ready back to its status page', async () => {
    setup('/ui/setup/complete', {}, baseRoutes({ info: { ...standaloneInfo, status: 'setup' } }));
    await vi.waitFor(() => expect(location()).toHaveTextContent(/^\/setup$/));
  });
});
