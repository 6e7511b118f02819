import { TriangleAlert } from 'lucide-react';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { roleLabel } from '../../lib/roles';

interface Props {
  username: string;
  from: string;
  to: string;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Asks before a role change takes effect; making someone an Admin says what that hands over. */
export function ChangeRoleDialog({ username, from, to, pending, onConfirm, onCancel }: Props) {
  const admin = to === 'resource_admin';
  return (
    <ConfirmDialog
      title={`Change ${username}'s role from ${roleLabel(from)} to ${roleLabel(to)}?`}
      confirmLabel="Change role"
      tone={admin ? 'danger' : 'primary'}
      error={null}
      pending={pending}
      onConfirm={onConfirm}
      onClose={onCancel}
    >
      This changes what {username} can see and do in this organization.
      {admin && (
        <span className="mt-3 flex items-start gap-2 rounded-md border border-warning/40 p-2 text-warning">
          <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
          Admins can change every setting of this organization and manage all of its users, including other admins.
        </span>
      )}
    </ConfirmDialog>
  );
}
