import { useState } from 'react';
import type { UserAccessRequest } from '../../api/types';
import { roleOf, useUser } from '../../hooks/useUser';
import { RoleSelect } from './RoleSelect';
import { assignableRoles } from './assignableRoles';
import { useApproveRequest, useRejectRequest } from './useUsers';

/** Role select, Approve and Reject for one pending request. */
export function RequestActions({ request }: { request: UserAccessRequest }) {
  const roles = assignableRoles(roleOf(useUser().data));
  const [role, setRole] = useState('resource_user');
  const approve = useApproveRequest();
  const reject = useRejectRequest();
  const busy = approve.isPending || reject.isPending;
  const error = approve.error ?? reject.error;
  return (
    <>
      <RoleSelect label={`Role for ${request.username}`} value={role} options={roles} onChange={setRole} />
      <button
        type="button"
        className="button small primary"
        disabled={busy}
        onClick={() => approve.mutate({ id: request.id, role })}
      >
        Approve
      </button>
      <button type="button" className="button small danger" disabled={busy} onClick={() => reject.mutate(request.id)}>
        Reject
      </button>
      {error && (
        <span className="error" role="alert">
          {error.message}
        </span>
      )}
    </>
  );
}
