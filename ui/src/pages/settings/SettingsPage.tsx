import { Pencil } from 'lucide-react';
import { useState } from 'react';
import type { SettingInfo } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '../../components/ui/card';
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
    <Page title="App Settings" description="The server's configuration and where each value comes from.">
      {isHosted && (
        <p
          className="rounded-md border border-border bg-muted px-3 py-2 text-sm text-muted-foreground"
          role="note"
          data-testid="settings-read-only"
        >
          Settings are read-only in hosted mode.
        </p>
      )}
      {settings.isPending ? (
        <Loading />
      ) : settings.isError ? (
        <ErrorMessage error={settings.error} />
      ) : (
        <div className="grid gap-4">
          {groupSettings(settings.data).map((g) => (
            <SettingGroup key={g.label} label={g.label} items={g.items} editable={!isHosted} onEdit={setEditing} />
          ))}
        </div>
      )}
      {editing && <EditSettingDialog setting={editing} onClose={() => setEditing(null)} />}
    </Page>
  );
}

interface GroupProps {
  label: string;
  items: SettingInfo[];
  editable: boolean;
  onEdit: (s: SettingInfo) => void;
}

/** One group as a card: a row per setting with its value, where the value comes from, and Edit where allowed. */
function SettingGroup({ label, items, editable, onEdit }: GroupProps) {
  const headingId = `settings-${label.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <Card className="gap-2" role="region" aria-labelledby={headingId}>
      <CardHeader>
        <CardTitle id={headingId}>{label}</CardTitle>
      </CardHeader>
      <CardContent>
        <ul className="divide-y divide-border">
          {items.map((s) => (
            <SettingRow key={s.key} setting={s} editable={editable && s.editable} onEdit={() => onEdit(s)} />
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}

function SettingRow({ setting, editable, onEdit }: { setting: SettingInfo; editable: boolean; onEdit: () => void }) {
  const value = formatValue(setting.current_value);
  const fallback = formatValue(setting.default_value);
  return (
    <li className="grid gap-2 py-3 sm:grid-cols-[minmax(0,2fr)_minmax(0,3fr)_6rem] sm:items-center sm:gap-4">
      <code className="text-sm font-medium break-all">{setting.key}</code>
      <div className="grid min-w-0 gap-1">
        <div className="flex min-w-0 flex-wrap items-center gap-2 text-sm">
          <span className="min-w-0 break-all">
            {value || <span className="text-muted-foreground italic">not set</span>}
          </span>
          <Badge variant={setting.source === 'default' ? 'secondary' : 'outline'}>{sourceLabel(setting.source)}</Badge>
        </div>
        {setting.source !== 'default' && fallback && (
          <span className="text-xs break-all text-muted-foreground">Default: {fallback}</span>
        )}
      </div>
      <div className="sm:justify-self-end">
        {editable && (
          <Button variant="outline" size="sm" aria-label={`Edit ${setting.key}`} onClick={onEdit}>
            <Pencil aria-hidden="true" />
            Edit
          </Button>
        )}
      </div>
    </li>
  );
}
