import { useState } from 'react';
import type { AppToolsetConfig } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { useSetTypeEnabled, useToolsets } from './useToolsets';

/** `/ui/toolsets/admin` (admin): enable or disable each toolset type for the org, with confirmation. */
export function ToolsetsAdminPage() {
  const list = useToolsets();
  const [confirming, setConfirming] = useState<AppToolsetConfig | null>(null);
  return (
    <Page title="Toolset Types">
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorMessage error={list.error} />
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col">Description</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {list.data.toolset_types.map((t) => (
              <tr key={t.toolset_type}>
                <td>{t.name}</td>
                <td>{t.description}</td>
                <td>
                  <label className="switch">
                    <input
                      type="checkbox"
                      role="switch"
                      checked={t.enabled}
                      aria-label={`Enabled: ${t.name}`}
                      onChange={() => setConfirming(t)}
                    />
                    <span>{t.enabled ? 'Enabled' : 'Disabled'}</span>
                  </label>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {confirming && <ConfirmTypeDialog type={confirming} onClose={() => setConfirming(null)} />}
    </Page>
  );
}

function ConfirmTypeDialog({ type, onClose }: { type: AppToolsetConfig; onClose: () => void }) {
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
