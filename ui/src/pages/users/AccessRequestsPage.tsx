import { useState } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { Pager } from '../../components/Pager';
import { formatDate } from '../../components/formatDate';
import { RequestActions } from './RequestActions';
import { UsersTabs } from './UsersTabs';
import { USERS_PAGE_SIZE, useAccessRequests } from './useUsers';

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
        <p className="muted">{pending ? 'No pending requests.' : 'No access requests yet.'}</p>
      ) : (
        <>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Username</th>
                <th scope="col">Requested</th>
                {!pending && <th scope="col">Status</th>}
                {!pending && <th scope="col">Reviewer</th>}
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {requests.data.requests.map((r) => (
                <tr key={r.id}>
                  <td>{r.username}</td>
                  <td>{formatDate(r.created_at)}</td>
                  {!pending && (
                    <td>
                      <span className="badge">{r.status}</span>
                    </td>
                  )}
                  {!pending && <td>{r.reviewer ?? ''}</td>}
                  <td className="actions">{r.status === 'pending' && <RequestActions request={r} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager page={page} pageSize={USERS_PAGE_SIZE} total={requests.data.total} onPage={setPage} />
        </>
      )}
    </Page>
  );
}
