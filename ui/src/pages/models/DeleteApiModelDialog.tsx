import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useDeleteApiModel } from './useApiModels';

interface Props {
  id: string;
  name: string;
  onClose: () => void;
}

export function DeleteApiModelDialog({ id, name, onClose }: Props) {
  const remove = useDeleteApiModel();
  return (
    <Dialog title="Delete API model?" onClose={onClose}>
      <p>
        <strong>{name}</strong> and its stored key will be deleted. Chats using its models will stop working.
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
          onClick={() => remove.mutate(id, { onSuccess: onClose })}
        >
          Delete
        </button>
      </div>
    </Dialog>
  );
}
