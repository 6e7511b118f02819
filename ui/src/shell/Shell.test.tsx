import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { baseRoutes } from '../test/fixtures';
import { renderApp } from '../test/render';

const routes = { ...baseRoutes(), 'GET /bodhi/v1/toolsets': { body: { toolsets: [] } } };

function screenWidth(small: boolean) {
  vi.spyOn(window, 'matchMedia').mockImplementation(
    (query: string) =>
      ({
        matches: query.includes('max-width') ? small : false,
        media: query,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
      }) as unknown as MediaQueryList,
  );
}

afterEach(() => vi.restoreAllMocks());

describe('Shell on a wide screen', () => {
  it('shows the sidebar, collapses it to icons with the names kept, and remembers that', async () => {
    screenWidth(false);
    const { user, unmount } = renderApp('/ui/toolsets', routes);
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(screen.getByRole('banner')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Open navigation' })).not.toBeInTheDocument();
    expect(within(nav).getByRole('link', { name: 'Toolsets' })).toHaveAttribute('aria-current', 'page');

    await user.click(screen.getByRole('button', { name: 'Collapse sidebar' }));
    expect(localStorage.getItem('bodhi-sidebar-collapsed')).toBe('1');
    // collapsed links sit in tooltips: their classes must still be class names
    expect(within(nav).getByRole('link', { name: 'Chat' })).toHaveClass('rounded-md');
    expect(within(nav).getByRole('link', { name: 'Toolsets' })).toHaveAttribute('aria-current', 'page');
    unmount();

    renderApp('/ui/toolsets', routes);
    expect(await screen.findByRole('button', { name: 'Expand sidebar' })).toHaveAttribute('aria-expanded', 'false');
  });

  it('offers Log out in the user menu', async () => {
    screenWidth(false);
    const { user } = renderApp('/ui/toolsets', routes);
    const trigger = await screen.findByTestId('user-menu');
    expect(trigger).toHaveTextContent('alice');
    await user.click(trigger);
    expect(screen.getByRole('menuitem', { name: 'Log out' })).toHaveAttribute('data-testid', 'logout-button');
  });
});

describe('Shell on a small screen', () => {
  it('puts the navigation in a sheet opened from the header, one "Main" at a time, closed by a link', async () => {
    screenWidth(true);
    const { user } = renderApp('/ui/toolsets', routes);
    await screen.findByRole('banner');
    const open = await screen.findByRole('button', { name: 'Open navigation' });
    expect(screen.queryByRole('navigation', { name: 'Main' })).not.toBeInTheDocument();

    await user.click(open);
    const sheet = screen.getByRole('dialog', { name: 'Navigation' });
    expect(screen.getAllByRole('navigation', { name: 'Main' })).toHaveLength(1);
    await user.click(within(sheet).getByRole('link', { name: 'Chat' }));
    expect(screen.queryByRole('dialog', { name: 'Navigation' })).not.toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/chat');
  });
});
