import { useState } from 'react';
import type { AppToolsetConfig } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { ConfirmTypeDialog } from './ConfirmTypeDialog';
import { useToolsets } from './useToolsets';

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
