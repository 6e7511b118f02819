import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { baseRoutes, hostedInfo, sessionUser, standaloneInfo } from '../test/fixtures';
import { renderApp } from '../test/render';

const modelsRoute = { 'GET /bodhi/v1/models': { body: { data: [], total: 0, page: 1, page_size: 10 } } };
const localRoutes = ['/bodhi/v1/modelfiles', '/bodhi/v1/modelfiles/pull'];

describe('hosted mode', () => {
  it('hides Model Files, Model Downloads and New Model Alias', async () => {
    renderApp('/ui/models', { ...baseRoutes({ info: hostedInfo }), ...modelsRoute });
    expect(await screen.findByRole('heading', { name: 'Models', level: 1 })).toBeInTheDocument();
    expect(screen.getByTestId('nav-models')).toBeInTheDocument();
    expect(screen.queryByTestId('nav-modelfiles')).not.toBeInTheDocument();
    expect(screen.queryByTestId('nav-pull')).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'New Model Alias' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'New API Model' })).toBeInTheDocument();
  });

  it.each([
    '/ui/modelfiles',
    '/ui/pull',
    '/ui/models/new',
    '/ui/setup',
    '/ui/setup/download-models',
    '/ui/setup/api-models',
    '/ui/setup/toolsets',
    '/ui/setup/browser-extension',
    '/ui/setup/complete',
  ])('says local models belong to a standalone server at %s without calling local-model routes', async (path) => {
    const { fetch } = renderApp(path, { ...baseRoutes({ info: hostedInfo }), ...modelsRoute });
    expect(await screen.findByTestId('hosted-unavailable')).toHaveTextContent(
      'Local models are part of a standalone Bodhi server',
    );
    expect(screen.getByRole('link', { name: 'Go to Models' })).toHaveAttribute('href', '/ui/models');
    for (const path of localRoutes) expect(fetch.calls.filter((c) => c.path.startsWith(path))).toHaveLength(0);
    expect(
      fetch.calls.every(
        (c) =>
          c.path.startsWith('/bodhi/v1/app/info') ||
          c.path.startsWith('/bodhi/v1/user') ||
          c.path.startsWith('/bodhi/v1/orgs/'),
      ),
    ).toBe(true);
  });
});

describe('standalone mode', () => {
  it('shows every item an admin may use', async () => {
    renderApp('/ui/models', { ...baseRoutes({ info: standaloneInfo }), ...modelsRoute });
    expect(await screen.findByRole('heading', { name: 'Models', level: 1 })).toBeInTheDocument();
    for (const id of ['chat', 'models', 'modelfiles', 'pull', 'settings', 'tokens', 'toolsets', 'users']) {
      expect(screen.getByTestId(`nav-${id}`)).toBeInTheDocument();
    }
    expect(screen.getByRole('link', { name: 'New Model Alias' })).toBeInTheDocument();
  });

  it('limits the navigation by role', async () => {
    renderApp('/ui/models', { ...baseRoutes({ user: sessionUser('resource_user') }), ...modelsRoute });
    expect(await screen.findByRole('heading', { name: 'Models', level: 1 })).toBeInTheDocument();
    expect(screen.getByTestId('nav-modelfiles')).toBeInTheDocument();
    for (const id of ['pull', 'settings', 'tokens', 'users']) {
      expect(screen.queryByTestId(`nav-${id}`)).not.toBeInTheDocument();
    }
    expect(screen.queryByRole('link', { name: 'New API Model' })).not.toBeInTheDocument();
  });
});
