import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Loader2, Send } from 'lucide-react';
import { Navigate } from 'react-router';
import { isApiError } from '../../api/ApiError';
import { api } from '../../api/client';
import { paths } from '../../api/paths';
import type { AccessRequestStatus } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDate } from '../../components/formatDate';
import { Loading } from '../../components/Loading';
import { Button } from '../../components/ui/button';
import { roleOf, useUser } from '../../hooks/useUser';
import { toast } from '../../lib/toast';
import { usePageTitle } from '../../shell/pageTitle';
import { ScreenCard, ScreenText, ScreenTitle } from '../setup/ScreenCard';

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
    <ScreenCard labelledBy="request-access-title">
      {current?.status === 'pending' ? (
        <>
          <ScreenTitle id="request-access-title">Access Request Pending</ScreenTitle>
          <ScreenText>
            You asked for access on {formatDate(current.created_at)}. An administrator will review it; reload this page
            after you are approved.
          </ScreenText>
        </>
      ) : current?.status === 'approved' ? (
        <>
          <ScreenTitle id="request-access-title">Access approved</ScreenTitle>
          <ScreenText>Your request was approved. Log out and in again to start using Bodhi.</ScreenText>
        </>
      ) : (
        <>
          <ScreenTitle id="request-access-title">Request Access</ScreenTitle>
          {current?.status === 'rejected' && (
            <ScreenText>
              Your previous request of {formatDate(current.created_at)} was rejected. You may ask again.
            </ScreenText>
          )}
          <ScreenText>
            You are logged in but have no role in this organization yet. Ask an administrator for access.
          </ScreenText>
          <Button
            className="w-full sm:w-auto sm:self-end"
            disabled={request.isPending}
            onClick={() => request.mutate()}
          >
            {request.isPending ? <Loader2 className="animate-spin" aria-hidden="true" /> : <Send aria-hidden="true" />}
            Request Access
          </Button>
        </>
      )}
      <ErrorMessage error={status.error ?? request.error} />
    </ScreenCard>
  );
}
