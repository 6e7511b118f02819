import { useState } from 'react';
import type { OrgUser } from '../../api/types';
import { roleLabel, roleLevel } from '../../lib/roles';
import { RoleSelect } from './RoleSelect';
import type { RoleOption } from './assignableRoles';
import { useChangeRole } from './useUsers';

interface Props {
  user: OrgUser;
  self: boolean;
  callerRole: string | null;
  roles: RoleOption[];
  onRemove: (user: OrgUser) => void;
}

function displayName(u: OrgUser): string {
  return [u.first_name, u.last_name].filter(Boolean).join(' ');
}

/** One member: role badge, and a role select and Remove unless it is the caller or ranks above them (ui.md §8.6). */
export function UserRow({ user, self, callerRole, roles, onRemove }: Props) {
  const change = useChangeRole();
  const [role, setRole] = useState(user.role);
  const restricted = roleLevel(user.role) > roleLevel(callerRole);
  return (
    <tr>
      <td>{user.username}</td>
      <td>{displayName(user)}</td>
      <td>
        <span className="badge">{roleLabel(user.role)}</span>
      </td>
      <td className="actions">
        {self ? (
          <span className="muted">You</span>
        ) : restricted ? (
          <span className="muted">Restricted</span>
        ) : (
          <>
            <RoleSelect
              label={`Role for ${user.username}`}
              value={role}
              options={roles}
              disabled={change.isPending}
              onChange={(next) => {
                setRole(next);
                change.mutate({ userId: user.user_id, role: next }, { onError: () => setRole(user.role) });
              }}
            />
            <button type="button" className="button small danger" onClick={() => onRemove(user)}>
              Remove
            </button>
          </>
        )}
        {change.isError && (
          <span className="error" role="alert">
            {change.error.message}
          </span>
        )}
      </td>
    </tr>
  );
}
