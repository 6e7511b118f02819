import { ConfirmDialog } from '../../components/ConfirmDialog';
import { toast } from '../../lib/toast';
import { useDeleteToolset } from './useToolsets';

interface Props {
  id: string;
  slug: string;
  onClose: () => void;
  onDeleted?: () => void;
}

export function DeleteToolsetDialog({ id, slug, onClose, onDeleted }: Props) {
  const remove = useDeleteToolset();
  const deleted = () => {
    toast.success('Toolset deleted', slug);
    onClose();
    onDeleted?.();
  };
  return (
    <ConfirmDialog
      title="Delete toolset?"
      confirmLabel="Delete"
      error={remove.error}
      pending={remove.isPending}
      onConfirm={() => remove.mutate(id, { onSuccess: deleted })}
      onClose={onClose}
    >
      <strong>{slug}</strong> and its stored API key will be deleted. Apps granted this toolset lose it.
    </ConfirmDialog>
  );
}
