import { useState } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { Pager } from '../../components/Pager';
import { formatDate } from '../../components/formatDate';
import { Badge } from '../../components/ui/badge';
import { Card, CardContent } from '../../components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '../../components/ui/table';
import { RequestActions } from './RequestActions';
import { UsersTabs } from './UsersTabs';
import { USERS_PAGE_SIZE, useAccessRequests } from './useUsers';

const STATUS_VARIANT = { pending: 'warning', approved: 'success', rejected: 'destructive' } as const;

/**
 * `/ui/users/pending` (`pending`) and `/ui/users/access-requests`: users' requests to join the org, with approve
 * (choosing a role) and reject for the pending ones.
 */
export function AccessRequestsPage({ pending }: { pending: boolean }) {
  const [page, setPage] = useState(1);
  const requests = useAccessRequests(pending, page);
  return (
    <Page title={pending ? 'Pending Requests' : 'All Requests'}>
      <UsersTabs />
      {requests.isPending ? (
        <Loading />
      ) : requests.isError ? (
        <ErrorMessage error={requests.error} />
      ) : requests.data.requests.length === 0 ? (
        <p className="text-sm text-muted-foreground">{pending ? 'No pending requests.' : 'No access requests yet.'}</p>
      ) : (
        <Card className="py-2">
          <CardContent className="px-2">
            <Table>
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead scope="col">Username</TableHead>
                  <TableHead scope="col" className="hidden md:table-cell">
                    Requested
                  </TableHead>
                  {!pending && <TableHead scope="col">Status</TableHead>}
                  {!pending && (
                    <TableHead scope="col" className="hidden md:table-cell">
                      Reviewer
                    </TableHead>
                  )}
                  <TableHead scope="col" className="text-right">
                    Actions
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {requests.data.requests.map((r) => (
                  <TableRow key={r.id}>
                    <TableCell className="font-medium break-all">{r.username}</TableCell>
                    <TableCell className="hidden whitespace-nowrap text-muted-foreground md:table-cell">
                      {formatDate(r.created_at)}
                    </TableCell>
                    {!pending && (
                      <TableCell>
                        <Badge variant={STATUS_VARIANT[r.status]}>{r.status}</Badge>
                      </TableCell>
                    )}
                    {!pending && <TableCell className="hidden md:table-cell">{r.reviewer ?? ''}</TableCell>}
                    <TableCell className="text-right">
                      {r.status === 'pending' && <RequestActions request={r} />}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <Pager page={page} pageSize={USERS_PAGE_SIZE} total={requests.data.total} onPage={setPage} />
          </CardContent>
        </Card>
      )}
    </Page>
  );
}
