import { useState } from 'react';
import type { OrgUser, ResourceRole } from '../../api/types';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { TableCell, TableRow } from '../../components/ui/table';
import { roleLabel, roleLevel } from '../../lib/roles';
import { toast } from '../../lib/toast';
import { ChangeRoleDialog } from './ChangeRoleDialog';
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

/**
 * One member: role badge, and a role select and Remove unless it is the caller or ranks above them (ui.md §8.6).
 * A role chosen in the select is only asked about; the change happens once confirmed.
 */
export function UserRow({ user, self, callerRole, roles, onRemove }: Props) {
  const change = useChangeRole();
  // the select's value: the chosen role while the confirmation is open, else the saved one
  const [chosen, setChosen] = useState<ResourceRole | null>(null);
  const [confirming, setConfirming] = useState(false);
  const restricted = roleLevel(user.role) > roleLevel(callerRole);

  const reset = () => {
    setConfirming(false);
    setChosen(null);
  };
  const confirm = () => {
    if (!chosen) return;
    const to = chosen;
    change.mutate(
      { userId: user.user_id, role: to },
      {
        // runs after the list was fetched again, so the saved role is already the new one
        onSuccess: () => {
          reset();
          toast.success(`${user.username} is now ${roleLabel(to)}`);
        },
        onError: (e) => {
          reset();
          toast.error(`Could not change ${user.username}'s role`, e.message);
        },
      },
    );
  };

  return (
    <TableRow>
      <TableCell className="font-medium break-all">{user.username}</TableCell>
      <TableCell className="hidden md:table-cell">{displayName(user)}</TableCell>
      <TableCell className="hidden sm:table-cell">
        <Badge variant="outline">{roleLabel(user.role)}</Badge>
      </TableCell>
      <TableCell className="text-right">
        {self ? (
          <span className="text-muted-foreground">You</span>
        ) : restricted ? (
          <span className="text-muted-foreground">Restricted</span>
        ) : (
          <div className="flex flex-wrap items-center justify-end gap-2">
            <RoleSelect
              label={`Role for ${user.username}`}
              value={chosen ?? user.role}
              options={roles}
              disabled={change.isPending}
              onChange={(next) => {
                if (next === user.role) return;
                setChosen(next);
                setConfirming(true);
              }}
            />
            <Button variant="outline" size="sm" className="text-destructive" onClick={() => onRemove(user)}>
              Remove
            </Button>
          </div>
        )}
        {confirming && chosen && (
          <ChangeRoleDialog
            username={user.username}
            from={user.role}
            to={chosen}
            pending={change.isPending}
            onConfirm={confirm}
            onCancel={reset}
          />
        )}
      </TableCell>
    </TableRow>
  );
}
