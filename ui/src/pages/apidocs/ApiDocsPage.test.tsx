import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { baseRoutes, sessionUser } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { withSession } from './withSession';

// Swagger UI itself is too heavy for jsdom: the lazy chunk is replaced by a stand-in that shows what it was given.
vi.mock('./ApiViewer', () => ({
  default: ({ url }: { url: string }) => <div data-testid="api-viewer">viewer of {url}</div>,
}));

describe('API reference page', () => {
  it('is in the shell for a plain user, linked from the sidebar, with the raw document linked', async () => {
    renderApp('/ui/api-docs', baseRoutes({ user: sessionUser('resource_user') }));
    expect(await screen.findByRole('heading', { name: 'API reference', level: 1 })).toBeInTheDocument();
    expect(document.title).toBe('API reference | Acme | Bodhi');

    const nav = screen.getByRole('navigation', { name: 'Main' });
    const item = within(nav).getByRole('link', { name: 'API reference' });
    expect(item).toHaveAttribute('href', '/ui/api-docs');
    expect(item).toHaveAttribute('aria-current', 'page');

    expect(screen.getByText(/OpenAPI 3\.1 document/)).toBeInTheDocument();
    expect(screen.getByTestId('openapi-raw-link')).toHaveAttribute('href', '/api-docs/openapi.json');
    expect(screen.getByRole('link', { name: 'OpenAPI JSON' })).toHaveAttribute('href', '/api-docs/openapi.json');
    expect(await screen.findByTestId('api-viewer')).toHaveTextContent('viewer of /api-docs/openapi.json');
  });
});

describe('withSession', () => {
  it('sends the session cookie, unless the request carries a token of its own', () => {
    expect(withSession({ url: '/health', headers: {} }).credentials).toBe('same-origin');
    expect(withSession({ url: '/v1/models', headers: { Authorization: 'Bearer bodhiapp_x' } }).credentials).toBe(
      'omit',
    );
  });
});
