import { useState } from 'react';
import type { OrgUser } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { Pager } from '../../components/Pager';
import { Card, CardContent } from '../../components/ui/card';
import { Table, TableBody, TableHead, TableHeader, TableRow } from '../../components/ui/table';
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
    <Page title="Manage Users" description="Who belongs to this organization, and what each of them may do.">
      <UsersTabs />
      {users.isPending ? (
        <Loading />
      ) : users.isError ? (
        <ErrorMessage error={users.error} />
      ) : users.data.users.length === 0 ? (
        <p className="text-sm text-muted-foreground">No users yet.</p>
      ) : (
        <Card className="py-2">
          <CardContent className="px-2">
            <Table>
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead scope="col">Username</TableHead>
                  <TableHead scope="col" className="hidden md:table-cell">
                    Name
                  </TableHead>
                  <TableHead scope="col" className="hidden sm:table-cell">
                    Role
                  </TableHead>
                  <TableHead scope="col" className="text-right">
                    Actions
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
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
              </TableBody>
            </Table>
            <Pager page={page} pageSize={USERS_PAGE_SIZE} total={users.data.total_users} onPage={setPage} />
          </CardContent>
        </Card>
      )}
      {removing && <RemoveUserDialog user={removing} onClose={() => setRemoving(null)} />}
    </Page>
  );
}
