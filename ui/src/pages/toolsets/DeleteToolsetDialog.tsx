import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useDeleteToolset } from './useToolsets';

interface Props {
  id: string;
  slug: string;
  onClose: () => void;
  onDeleted?: () => void;
}

export function DeleteToolsetDialog({ id, slug, onClose, onDeleted }: Props) {
  const remove = useDeleteToolset();
  return (
    <Dialog title="Delete toolset?" onClose={onClose}>
      <p>
        <strong>{slug}</strong> and its stored API key will be deleted. Apps granted this toolset lose it.
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
          onClick={() =>
            remove.mutate(id, {
              onSuccess: () => {
                onClose();
                onDeleted?.();
              },
            })
          }
        >
          Delete
        </button>
      </div>
    </Dialog>
  );
}
