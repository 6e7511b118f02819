import { DeleteDialog } from '../../components/DeleteDialog';
import { useDeleteToolset } from './useToolsets';

interface Props {
  id: string;
  slug: string;
  onClose: () => void;
  onDeleted?: () => void;
}

export function DeleteToolsetDialog({ id, slug, onClose, onDeleted }: Props) {
  return (
    <DeleteDialog
      title="Delete toolset?"
      remove={useDeleteToolset()}
      id={id}
      deleted={['Toolset deleted', slug]}
      onClose={onClose}
      onDeleted={onDeleted}
    >
      <strong>{slug}</strong> and its stored API key will be deleted. Apps granted this toolset lose it.
    </DeleteDialog>
  );
}
