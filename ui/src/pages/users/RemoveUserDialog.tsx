import type { OrgUser } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useRemoveUser } from './useUsers';

export function RemoveUserDialog({ user, onClose }: { user: OrgUser; onClose: () => void }) {
  const remove = useRemoveUser();
  return (
    <Dialog title="Remove user?" onClose={onClose}>
      <p>
        <strong>{user.username}</strong> loses access to this organization; their sessions end and their API tokens are
        deactivated.
      </p>
      <ErrorMessage error={remove.error} />
      <div className="row end">
        <button type="button" className="button" data-autofocus onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="button danger"
          disabled={remove.isPending}
          onClick={() => remove.mutate(user.user_id, { onSuccess: onClose })}
        >
          Remove
        </button>
      </div>
    </Dialog>
  );
}
