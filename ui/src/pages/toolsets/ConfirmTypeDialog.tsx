import type { AppToolsetConfig } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { toast } from '../../lib/toast';
import { useSetTypeEnabled } from './useToolsets';

/** Admin: confirms enabling or disabling a toolset type for the org. */
export function ConfirmTypeDialog({ type, onClose }: { type: AppToolsetConfig; onClose: () => void }) {
  const toggle = useSetTypeEnabled();
  const enable = !type.enabled;
  return (
    <ConfirmDialog
      title={`${enable ? 'Enable' : 'Disable'} ${type.name}?`}
      confirmLabel={enable ? 'Enable' : 'Disable'}
      tone={enable ? 'primary' : 'danger'}
      error={toggle.error}
      pending={toggle.isPending}
      onConfirm={() =>
        toggle.mutate(
          { type: type.toolset_type, enabled: enable },
          {
            onSuccess: () => {
              toast.success(`${type.name} ${enable ? 'enabled' : 'disabled'}`);
              onClose();
            },
          },
        )
      }
      onClose={onClose}
    >
      {enable
        ? 'Users of this organization can then create instances of this type and use them in chat.'
        : 'Existing instances stop working until the type is enabled again.'}
    </ConfirmDialog>
  );
}
