import { ConfirmDialog } from '../../components/ConfirmDialog';
import { toast } from '../../lib/toast';
import { useDeleteUserAlias } from './useUserAliases';

export function DeleteAliasDialog({ id, alias, onClose }: { id: string; alias: string; onClose: () => void }) {
  const remove = useDeleteUserAlias();
  return (
    <ConfirmDialog
      title="Delete alias?"
      confirmLabel="Delete"
      error={remove.error}
      pending={remove.isPending}
      onConfirm={() =>
        remove.mutate(id, {
          onSuccess: () => {
            toast.success('Alias deleted', alias);
            onClose();
          },
        })
      }
      onClose={onClose}
    >
      The alias <strong>{alias}</strong> will be deleted; its model file stays in the cache. Chats using the alias will
      stop working.
    </ConfirmDialog>
  );
}
