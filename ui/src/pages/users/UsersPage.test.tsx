import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { OrgUser, UserAccessRequest } from '../../api/types';
import { errorReply, type Routes } from '../../test/fetchMock';
import { baseRoutes, sessionUser } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { assignableRoles } from './assignableRoles';

const users: OrgUser[] = [
  { user_id: 'id-mia', username: 'mia', role: 'resource_manager' },
  { user_id: 'id-bob', username: 'bob', first_name: 'Bob', last_name: 'Stone', role: 'resource_user' },
  { user_id: 'id-ada', username: 'ada', role: 'resource_admin' },
];

const pending: UserAccessRequest = {
  id: 7,
  username: 'newbie',
  user_id: 'id-newbie',
  reviewer: null,
  status: 'pending',
  created_at: '2024-11-10T04:52:06Z',
  updated_at: '2024-11-10T04:52:06Z',
};

function setup(path: string, extra: Routes = {}) {
  return renderApp(path, {
    ...baseRoutes({ user: sessionUser('resource_manager', 'mia') }),
    'GET /bodhi/v1/users': {
      body: {
        client_id: 'c',
        users,
        page: 1,
        page_size: 10,
        total_pages: 1,
        total_users: 3,
        has_next: false,
        has_previous: false,
      },
    },
    'PUT /bodhi/v1/users/id-bob/role': { body: undefined },
    'DELETE /bodhi/v1/users/id-bob': { body: undefined },
    'GET /bodhi/v1/access-requests/pending': { body: { requests: [pending], total: 1, page: 1, page_size: 10 } },
    'GET /bodhi/v1/access-requests': {
      body: {
        requests: [pending, { ...pending, id: 3, username: 'old', status: 'approved', reviewer: 'mia' }],
        total: 2,
        page: 1,
        page_size: 10,
      },
    },
    'POST /bodhi/v1/access-requests/7/approve': { body: undefined },
    'POST /bodhi/v1/access-requests/7/reject': { body: undefined },
    ...extra,
  });
}

describe('UsersPage', () => {
  it('changes a role after confirmation, offering only roles up to the caller', async () => {
    const { user, fetch } = setup('/ui/users');
    const select = await screen.findByRole('combobox', { name: 'Role for bob' });
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['User', 'Power User', 'Manager']);
    await user.selectOptions(select, 'Power User');
    const dialog = screen.getByRole('dialog', { name: "Change bob's role from User to Power User?" });
    expect(within(dialog).queryByText(/Admins can/)).not.toBeInTheDocument();
    // nothing is sent before the confirmation
    expect(fetch.to('PUT', '/bodhi/v1/users/id-bob/role')).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Change role' }));
    await vi.waitFor(() => expect(fetch.to('PUT', '/bodhi/v1/users/id-bob/role')).toHaveLength(1));
    expect(fetch.to('PUT', '/bodhi/v1/users/id-bob/role')[0]!.body).toEqual({ role: 'resource_power_user' });
    expect(await screen.findByText('bob is now Power User')).toBeInTheDocument();
    await vi.waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('changes nothing when the role change is cancelled', async () => {
    const { user, fetch } = setup('/ui/users');
    const select = await screen.findByRole('combobox', { name: 'Role for bob' });
    await user.selectOptions(select, 'Manager');
    expect(select).toHaveValue('resource_manager');
    const dialog = screen.getByRole('dialog', { name: "Change bob's role from User to Manager?" });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(select).toHaveValue('resource_user');
    expect(fetch.to('PUT', '/bodhi/v1/users/id-bob/role')).toHaveLength(0);
  });

  it('warns before making someone an Admin', async () => {
    const { user } = setup('/ui/users', { ...baseRoutes({ user: sessionUser('resource_admin', 'mia') }) });
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Role for bob' }), 'Admin');
    const dialog = screen.getByRole('dialog', { name: "Change bob's role from User to Admin?" });
    expect(dialog).toHaveTextContent(/Admins can change every setting/);
  });

  it('hides actions for the caller and for higher roles', async () => {
    setup('/ui/users');
    const mia = (await screen.findByRole('cell', { name: 'mia' })).closest('tr')!;
    expect(within(mia).getByText('You')).toBeInTheDocument();
    const ada = screen.getByRole('cell', { name: 'ada' }).closest('tr')!;
    expect(within(ada).getByText('Restricted')).toBeInTheDocument();
    expect(within(ada).queryByRole('button')).not.toBeInTheDocument();
  });

  it('removes a user after confirmation', async () => {
    const { user, fetch } = setup('/ui/users');
    const bob = (await screen.findByRole('cell', { name: 'bob' })).closest('tr')!;
    await user.click(within(bob).getByRole('button', { name: 'Remove' }));
    await user.click(
      within(screen.getByRole('dialog', { name: 'Remove user?' })).getByRole('button', { name: 'Remove' }),
    );
    await vi.waitFor(() => expect(fetch.to('DELETE', '/bodhi/v1/users/id-bob')).toHaveLength(1));
    await vi.waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await screen.findByText('Removed bob')).toBeInTheDocument();
  });

  it('shows a failed role change and puts the select back', async () => {
    const { user } = setup('/ui/users', {
      'PUT /bodhi/v1/users/id-bob/role': errorReply(500, 'user_route_error-role_change_failed', 'Role change failed'),
    });
    const select = await screen.findByRole('combobox', { name: 'Role for bob' });
    await user.selectOptions(select, 'Manager');
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Change role' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent("Could not change bob's role");
    expect(alert).toHaveTextContent('Role change failed');
    expect(select).toHaveValue('resource_user');
  });
});

describe('access requests', () => {
  it('approves a pending request with the chosen role', async () => {
    const { user, fetch } = setup('/ui/users/pending');
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Role for newbie' }), 'Power User');
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    await vi.waitFor(() => expect(fetch.to('POST', '/bodhi/v1/access-requests/7/approve')).toHaveLength(1));
    expect(fetch.to('POST', '/bodhi/v1/access-requests/7/approve')[0]!.body).toEqual({ role: 'resource_power_user' });
    expect(await screen.findByText('Approved newbie as Power User')).toBeInTheDocument();
  });

  it('rejects a request after confirmation', async () => {
    const { user, fetch } = setup('/ui/users/pending');
    await user.click(await screen.findByRole('button', { name: 'Reject' }));
    const dialog = screen.getByRole('dialog', { name: "Reject newbie's request?" });
    expect(fetch.to('POST', '/bodhi/v1/access-requests/7/reject')).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Reject' }));
    await vi.waitFor(() => expect(fetch.to('POST', '/bodhi/v1/access-requests/7/reject')).toHaveLength(1));
    expect(await screen.findByText("Rejected newbie's request")).toBeInTheDocument();
  });

  it('shows an already-processed rejection', async () => {
    const { user } = setup('/ui/users/pending', {
      'POST /bodhi/v1/access-requests/7/reject': errorReply(
        409,
        'access_request_error-already_processed',
        'Already processed',
      ),
    });
    await user.click(await screen.findByRole('button', { name: 'Reject' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Reject' }));
    expect(await within(screen.getByRole('dialog')).findByRole('alert')).toHaveTextContent('Already processed');
  });

  it('lists all requests with status and reviewer; only pending ones have actions', async () => {
    setup('/ui/users/access-requests');
    const old = (await screen.findByRole('cell', { name: 'old' })).closest('tr')!;
    expect(within(old).getByText('approved')).toBeInTheDocument();
    expect(within(old).getByText('mia')).toBeInTheDocument();
    expect(within(old).queryByRole('button')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Approve' })).toBeInTheDocument();
  });
});

describe('assignableRoles', () => {
  it('never exceeds the caller role', () => {
    expect(assignableRoles('resource_user').map((r) => r.value)).toEqual(['resource_user']);
    expect(assignableRoles('resource_admin')).toHaveLength(4);
    expect(assignableRoles(null)).toEqual([]);
  });
});
