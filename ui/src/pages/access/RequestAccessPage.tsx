import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Navigate } from 'react-router';
import { isApiError } from '../../api/ApiError';
import { api } from '../../api/client';
import { paths } from '../../api/paths';
import type { AccessRequestStatus } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDate } from '../../components/formatDate';
import { Loading } from '../../components/Loading';
import { roleOf, useUser } from '../../hooks/useUser';
import { toast } from '../../lib/toast';
import { usePageTitle } from '../../shell/pageTitle';

/** GET /user/request-status, where 404 means "no request yet" rather than a failure. */
async function fetchStatus(signal: AbortSignal): Promise<AccessRequestStatus | null> {
  try {
    return await api<AccessRequestStatus>(paths.requestStatus, { signal });
  } catch (e) {
    if (isApiError(e) && e.status === 404) return null;
    throw e;
  }
}

/** `/ui/request-access` (ui.md §7): a logged-in user without a role asks for access, or sees the pending request. */
export function RequestAccessPage() {
  usePageTitle('Request Access');
  const queryClient = useQueryClient();
  const role = roleOf(useUser().data);
  const status = useQuery({
    queryKey: [paths.requestStatus],
    queryFn: ({ signal }) => fetchStatus(signal),
    enabled: !role,
  });
  const request = useMutation({
    mutationFn: () => api<void>(paths.requestAccess, { method: 'POST' }),
    onSuccess: () => {
      toast.success('Access requested', 'An administrator will review your request.');
      return queryClient.invalidateQueries({ queryKey: [paths.requestStatus] });
    },
  });

  if (role) return <Navigate to="/chat" replace />;
  if (status.isPending) return <Loading />;

  const current = status.data;
  return (
    <main className="screen-center">
      <section className="card" aria-labelledby="request-access-title">
        {current?.status === 'pending' ? (
          <>
            <h1 id="request-access-title">Access Request Pending</h1>
            <p>
              You asked for access on {formatDate(current.created_at)}. An administrator will review it; reload this
              page after you are approved.
            </p>
          </>
        ) : current?.status === 'approved' ? (
          <>
            <h1 id="request-access-title">Access approved</h1>
            <p>Your request was approved. Log out and in again to start using Bodhi.</p>
          </>
        ) : (
          <>
            <h1 id="request-access-title">Request Access</h1>
            {current?.status === 'rejected' && (
              <p>Your previous request of {formatDate(current.created_at)} was rejected. You may ask again.</p>
            )}
            <p>You are logged in but have no role in this organization yet. Ask an administrator for access.</p>
            <button
              type="button"
              className="button primary"
              disabled={request.isPending}
              onClick={() => request.mutate()}
            >
              Request Access
            </button>
          </>
        )}
        <ErrorMessage error={status.error ?? request.error} />
      </section>
    </main>
  );
}
