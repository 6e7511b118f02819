import { useState } from 'react';
import type { AppToolsetConfig } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { Badge } from '../../components/ui/badge';
import { Switch } from '../../components/ui/switch';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '../../components/ui/table';
import { ConfirmTypeDialog } from './ConfirmTypeDialog';
import { useToolsets } from './useToolsets';

/** `/ui/toolsets/admin` (admin): enable or disable each toolset type for the org, with confirmation. */
export function ToolsetsAdminPage() {
  const list = useToolsets();
  const [confirming, setConfirming] = useState<AppToolsetConfig | null>(null);
  return (
    <Page
      title="Toolset Types"
      description="Enable a type to let the members of this organization create toolsets of it and use them in chat."
    >
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorMessage error={list.error} />
      ) : (
        <div className="rounded-xl border border-border bg-card">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead scope="col">Type</TableHead>
                <TableHead scope="col" className="hidden md:table-cell">
                  Description
                </TableHead>
                <TableHead scope="col">Status</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {list.data.toolset_types.map((t) => (
                <TableRow key={t.toolset_type}>
                  <TableCell className="font-medium">{t.name}</TableCell>
                  <TableCell className="hidden text-muted-foreground md:table-cell">{t.description}</TableCell>
                  <TableCell>
                    <div className="flex items-center gap-2">
                      <Switch
                        checked={t.enabled}
                        aria-label={`Enabled: ${t.name}`}
                        onCheckedChange={() => setConfirming(t)}
                      />
                      <Badge variant={t.enabled ? 'success' : 'secondary'}>{t.enabled ? 'Enabled' : 'Disabled'}</Badge>
                    </div>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {confirming && <ConfirmTypeDialog type={confirming} onClose={() => setConfirming(null)} />}
    </Page>
  );
}
