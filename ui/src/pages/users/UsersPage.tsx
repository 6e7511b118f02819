import { useState } from 'react';
import type { OrgUser } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { Pager } from '../../components/Pager';
import { roleOf, useUser } from '../../hooks/useUser';
import { assignableRoles } from './assignableRoles';
import { RemoveUserDialog } from './RemoveUserDialog';
import { UserRow } from './UserRow';
import { UsersTabs } from './UsersTabs';
import { USERS_PAGE_SIZE, useUsers } from './useUsers';

/** `/ui/users` (manager and up): the org's members with role change and removal. */
export function UsersPage() {
  const [page, setPage] = useState(1);
  const [removing, setRemoving] = useState<OrgUser | null>(null);
  const me = useUser().data;
  const callerRole = roleOf(me);
  const myId = me?.auth_status === 'logged_in' ? me.user_id : null;
  const roles = assignableRoles(callerRole);
  const users = useUsers(page);

  return (
    <Page title="Manage Users">
      <UsersTabs />
      {users.isPending ? (
        <Loading />
      ) : users.isError ? (
        <ErrorMessage error={users.error} />
      ) : users.data.users.length === 0 ? (
        <p className="muted">No users yet.</p>
      ) : (
        <>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Username</th>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {users.data.users.map((u) => (
                <UserRow
                  key={u.user_id}
                  user={u}
                  self={u.user_id === myId}
                  callerRole={callerRole}
                  roles={roles}
                  onRemove={setRemoving}
                />
              ))}
            </tbody>
          </table>
          <Pager page={page} pageSize={USERS_PAGE_SIZE} total={users.data.total_users} onPage={setPage} />
        </>
      )}
      {removing && <RemoveUserDialog user={removing} onClose={() => setRemoving(null)} />}
    </Page>
  );
}
