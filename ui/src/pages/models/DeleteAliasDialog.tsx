import { DeleteDialog } from '../../components/DeleteDialog';
import { useDeleteUserAlias } from './useUserAliases';

export function DeleteAliasDialog({ id, alias, onClose }: { id: string; alias: string; onClose: () => void }) {
  return (
    <DeleteDialog
      title="Delete alias?"
      remove={useDeleteUserAlias()}
      id={id}
      deleted={['Alias deleted', alias]}
      onClose={onClose}
    >
      The alias <strong>{alias}</strong> will be deleted; its model file stays in the cache. Chats using the alias will
      stop working.
    </DeleteDialog>
  );
}
