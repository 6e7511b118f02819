import { ConfirmDialog } from '../../components/ConfirmDialog';
import { toast } from '../../lib/toast';
import { useDeleteApiModel } from './useApiModels';

interface Props {
  id: string;
  name: string;
  onClose: () => void;
}

export function DeleteApiModelDialog({ id, name, onClose }: Props) {
  const remove = useDeleteApiModel();
  return (
    <ConfirmDialog
      title="Delete API model?"
      confirmLabel="Delete"
      error={remove.error}
      pending={remove.isPending}
      onConfirm={() =>
        remove.mutate(id, {
          onSuccess: () => {
            toast.success('API model deleted', name);
            onClose();
          },
        })
      }
      onClose={onClose}
    >
      <strong>{name}</strong> and its stored key will be deleted. Chats using its models will stop working.
    </ConfirmDialog>
  );
}
