import { useState } from 'react';
import type { SettingInfo } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { useAppMode } from '../../hooks/useAppMode';
import { EditSettingDialog } from './EditSettingDialog';
import { formatValue, groupSettings, sourceLabel } from './settingGroups';
import { useSettings } from './useSettings';

/** `/ui/settings` (admin): the server's settings, grouped; editable keys can be changed in standalone mode. */
export function SettingsPage() {
  const { isHosted } = useAppMode();
  const settings = useSettings();
  const [editing, setEditing] = useState<SettingInfo | null>(null);
  return (
    <Page title="App Settings">
      {isHosted && (
        <p className="hint" role="note" data-testid="settings-read-only">
          Settings are read-only in hosted mode.
        </p>
      )}
      {settings.isPending ? (
        <Loading />
      ) : settings.isError ? (
        <ErrorMessage error={settings.error} />
      ) : (
        groupSettings(settings.data).map((g) => (
          <table className="table" key={g.label} aria-label={g.label}>
            <caption>{g.label}</caption>
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Value</th>
                <th scope="col">Source</th>
                <th scope="col">Default</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {g.items.map((s) => (
                <tr key={s.key}>
                  <td>
                    <code>{s.key}</code>
                  </td>
                  <td>{formatValue(s.current_value)}</td>
                  <td>{sourceLabel(s.source)}</td>
                  <td>{formatValue(s.default_value)}</td>
                  <td className="actions">
                    {s.editable && !isHosted && (
                      <button
                        type="button"
                        className="button small"
                        aria-label={`Edit ${s.key}`}
                        onClick={() => setEditing(s)}
                      >
                        Edit
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))
      )}
      {editing && <EditSettingDialog setting={editing} onClose={() => setEditing(null)} />}
    </Page>
  );
}
