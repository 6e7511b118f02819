import { useState } from 'react';
import type { ResourceRole, UserAccessRequest } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Button } from '../../components/ui/button';
import { roleOf, useUser } from '../../hooks/useUser';
import { roleLabel } from '../../lib/roles';
import { toast } from '../../lib/toast';
import { RoleSelect } from './RoleSelect';
import { assignableRoles } from './assignableRoles';
import { useApproveRequest, useRejectRequest } from './useUsers';

/** Role select, Approve and Reject (after confirmation) for one pending request. */
export function RequestActions({ request }: { request: UserAccessRequest }) {
  const roles = assignableRoles(roleOf(useUser().data));
  const [role, setRole] = useState<ResourceRole>('resource_user');
  const [rejecting, setRejecting] = useState(false);
  const approve = useApproveRequest();
  const reject = useRejectRequest();
  const busy = approve.isPending || reject.isPending;

  const onApprove = () =>
    approve.mutate(
      { id: request.id, role },
      {
        onSuccess: () => toast.success(`Approved ${request.username} as ${roleLabel(role)}`),
        onError: (e) => toast.error(`Could not approve ${request.username}`, e.message),
      },
    );
  const onReject = () =>
    reject.mutate(request.id, {
      onSuccess: () => {
        setRejecting(false);
        toast.success(`Rejected ${request.username}'s request`);
      },
    });

  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      <RoleSelect label={`Role for ${request.username}`} value={role} options={roles} onChange={setRole} />
      <Button size="sm" disabled={busy} onClick={onApprove}>
        Approve
      </Button>
      <Button
        variant="outline"
        size="sm"
        className="text-destructive"
        disabled={busy}
        onClick={() => {
          reject.reset();
          setRejecting(true);
        }}
      >
        Reject
      </Button>
      {rejecting && (
        <ConfirmDialog
          title={`Reject ${request.username}'s request?`}
          confirmLabel="Reject"
          error={reject.error}
          pending={reject.isPending}
          onConfirm={onReject}
          onClose={() => setRejecting(false)}
        >
          {request.username} is not given access to this organization.
        </ConfirmDialog>
      )}
    </div>
  );
}
