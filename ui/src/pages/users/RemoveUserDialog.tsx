import type { OrgUser } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { toast } from '../../lib/toast';
import { useRemoveUser } from './useUsers';

export function RemoveUserDialog({ user, onClose }: { user: OrgUser; onClose: () => void }) {
  const remove = useRemoveUser();
  return (
    <ConfirmDialog
      title="Remove user?"
      confirmLabel="Remove"
      error={remove.error}
      pending={remove.isPending}
      onConfirm={() =>
        remove.mutate(user.user_id, {
          onSuccess: () => {
            toast.success(`Removed ${user.username}`);
            onClose();
          },
        })
      }
      onClose={onClose}
    >
      <strong>{user.username}</strong> loses access to this organization; their sessions end and their API tokens are
      deactivated.
    </ConfirmDialog>
  );
}
