import type { AppToolsetConfig } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useSetTypeEnabled } from './useToolsets';

/** Admin: confirms enabling or disabling a toolset type for the org. */
export function ConfirmTypeDialog({ type, onClose }: { type: AppToolsetConfig; onClose: () => void }) {
  const toggle = useSetTypeEnabled();
  const enable = !type.enabled;
  return (
    <Dialog title={`${enable ? 'Enable' : 'Disable'} ${type.name}?`} onClose={onClose}>
      <p>
        {enable
          ? 'Users of this organization can then create instances of this type and use them in chat.'
          : 'Existing instances stop working until the type is enabled again.'}
      </p>
      <ErrorMessage error={toggle.error} />
      <div className="row end">
        <button type="button" className="button" data-autofocus onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className={enable ? 'button primary' : 'button danger'}
          disabled={toggle.isPending}
          onClick={() => toggle.mutate({ type: type.toolset_type, enabled: enable }, { onSuccess: onClose })}
        >
          {enable ? 'Enable' : 'Disable'}
        </button>
      </div>
    </Dialog>
  );
}
