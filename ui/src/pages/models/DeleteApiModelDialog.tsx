import { DeleteDialog } from '../../components/DeleteDialog';
import { useDeleteApiModel } from './useApiModels';

export function DeleteApiModelDialog({ id, name, onClose }: { id: string; name: string; onClose: () => void }) {
  return (
    <DeleteDialog
      title="Delete API model?"
      remove={useDeleteApiModel()}
      id={id}
      deleted={['API model deleted', name]}
      onClose={onClose}
    >
      <strong>{name}</strong> and its stored key will be deleted. Chats using its models will stop working.
    </DeleteDialog>
  );
}
