import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { browser } from '../lib/browser';
import { errorReply } from '../test/fetchMock';
import { acme, baseRoutes, globex, loggedOut, sessionUser } from '../test/fixtures';
import { renderWithProviders } from '../test/render';
import { OrgSwitcher } from './OrgSwitcher';

const initech = { ...globex, org_id: 'org-initech', slug: 'initech', display_name: 'Initech', role: null };

function setup(routes = baseRoutes({ memberships: [acme, globex, initech] })) {
  const assign = vi.spyOn(browser, 'assign').mockImplementation(() => undefined);
  return { ...renderWithProviders(<OrgSwitcher />, routes), assign };
}

describe('OrgSwitcher', () => {
  it('shows one membership as the plain org name, with no menu', async () => {
    setup(baseRoutes({ memberships: [acme] }));
    expect(await screen.findByTestId('current-org-name')).toHaveTextContent('Acme');
    expect(screen.queryByTestId('org-switcher')).not.toBeInTheDocument();
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
  });

  it('shows the name from app/info when logged out, without asking for memberships', async () => {
    const { fetch } = setup(baseRoutes({ user: loggedOut }));
    expect(await screen.findByTestId('current-org-name')).toHaveTextContent('Acme');
    expect(fetch.to('GET', '/bodhi/v1/orgs/user-memberships')).toHaveLength(0);
    expect(fetch.to('GET', '/bodhi/v1/orgs/current')).toHaveLength(0);
  });

  it('falls back to the name when the memberships fail to load', async () => {
    setup({ ...baseRoutes(), 'GET /bodhi/v1/orgs/user-memberships': errorReply(500, 'internal_error') });
    expect(await screen.findByTestId('current-org-name')).toHaveTextContent('Acme');
  });

  it('lists every membership with its role label and marks the current org', async () => {
    const { user } = setup();
    const trigger = await screen.findByTestId('org-switcher');
    expect(trigger).toHaveAccessibleName('Organization Acme');
    expect(trigger).toHaveAttribute('aria-expanded', 'false');
    await user.click(trigger);
    expect(trigger).toHaveAttribute('aria-expanded', 'true');

    const list = screen.getByRole('listbox', { name: 'Organization' });
    const options = within(list).getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['✓AcmeAdmin', 'GlobexUser', 'InitechNo role']);
    expect(screen.getByTestId('org-switch-acme')).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByTestId('org-switch-globex')).toHaveAttribute('aria-selected', 'false');
  });

  it("navigates to the chosen org's url with a full page load", async () => {
    const { user, assign } = setup();
    await user.click(await screen.findByTestId('org-switcher'));
    await user.click(screen.getByTestId('org-switch-globex'));
    expect(assign).toHaveBeenCalledExactlyOnceWith('http://globex.localhost:1135/ui/chat');
  });

  it('builds the url from the current host, keeping scheme and port, when the server sent an empty url', async () => {
    const { user, assign } = setup(baseRoutes({ memberships: [acme, { ...globex, url: '' }] }));
    await user.click(await screen.findByTestId('org-switcher'));
    await user.click(screen.getByTestId('org-switch-globex'));
    // jsdom runs at http://localhost:3000
    expect(assign).toHaveBeenCalledWith('http://globex.localhost:3000/ui/chat');
  });

  it('only closes the menu when the current org is chosen', async () => {
    const { user, assign } = setup();
    await user.click(await screen.findByTestId('org-switcher'));
    await user.click(screen.getByTestId('org-switch-acme'));
    expect(assign).not.toHaveBeenCalled();
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
    expect(screen.getByTestId('org-switcher')).toHaveFocus();
  });

  it('works from the keyboard', async () => {
    const { user, assign } = setup();
    const trigger = await screen.findByTestId('org-switcher');
    await user.tab();
    expect(trigger).toHaveFocus();

    await user.keyboard('{ArrowDown}');
    const list = screen.getByRole('listbox');
    expect(list).toHaveFocus();
    // opens on the current org
    expect(list).toHaveAttribute('aria-activedescendant', screen.getByTestId('org-switch-acme').id);

    await user.keyboard('{ArrowDown}');
    expect(list).toHaveAttribute('aria-activedescendant', screen.getByTestId('org-switch-globex').id);
    await user.keyboard('{End}');
    expect(list).toHaveAttribute('aria-activedescendant', screen.getByTestId('org-switch-initech').id);
    await user.keyboard('{Home}');
    expect(list).toHaveAttribute('aria-activedescendant', screen.getByTestId('org-switch-acme').id);

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
    expect(trigger).toHaveFocus();
    expect(assign).not.toHaveBeenCalled();

    await user.keyboard('{Enter}'); // a button: Enter opens
    await user.keyboard('{ArrowDown}{Enter}');
    expect(assign).toHaveBeenCalledExactlyOnceWith('http://globex.localhost:1135/ui/chat');
  });

  it('closes when the user clicks elsewhere', async () => {
    const { user } = setup();
    await user.click(await screen.findByTestId('org-switcher'));
    expect(screen.getByRole('listbox')).toBeInTheDocument();
    await user.click(document.body);
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
  });

  it('renders a skeleton while loading', () => {
    setup({ ...baseRoutes(), 'GET /bodhi/v1/app/info': () => new Promise(() => undefined) });
    expect(screen.getByRole('status', { name: 'Loading organization' })).toBeInTheDocument();
  });

  it('does not ask for memberships with an API token (sessions only)', async () => {
    const { fetch } = setup(baseRoutes({ user: { auth_status: 'api_token', role: 'scope_token_user' } }));
    expect(await screen.findByTestId('current-org-name')).toHaveTextContent('Acme');
    expect(fetch.to('GET', '/bodhi/v1/orgs/current')).toHaveLength(1);
    expect(fetch.to('GET', '/bodhi/v1/orgs/user-memberships')).toHaveLength(0);
  });

  it('uses the role-less session too', async () => {
    setup(baseRoutes({ user: sessionUser(null), memberships: [acme, globex] }));
    expect(await screen.findByTestId('org-switcher')).toHaveTextContent('Acme');
  });
});
