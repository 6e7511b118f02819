import { Pencil, Plus, Settings2, Trash2, Wrench } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Toolset } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '../../components/ui/table';
import { roleOf, useUser } from '../../hooks/useUser';
import { hasRole } from '../../lib/roles';
import { DeleteToolsetDialog } from './DeleteToolsetDialog';
import { EmptyState } from '../models/formParts';
import { statusVariant, toolsetStatus, typeName } from './toolsetStatus';
import { useToolsets } from './useToolsets';

/** `/ui/toolsets`: the caller's toolset instances. */
export function ToolsetsPage() {
  const isAdmin = hasRole(roleOf(useUser().data), 'admin');
  const list = useToolsets();
  const [deleting, setDeleting] = useState<Toolset | null>(null);
  return (
    <Page
      title="Toolsets"
      description="Toolsets give chat models tools such as web search, using your own API key."
      actions={
        <>
          {isAdmin && (
            <Button asChild variant="outline">
              <Link to="/toolsets/admin">
                <Settings2 aria-hidden="true" />
                Manage toolset types
              </Link>
            </Button>
          )}
          <Button asChild>
            <Link to="/toolsets/new">
              <Plus aria-hidden="true" />
              New toolset
            </Link>
          </Button>
        </>
      }
    >
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorMessage error={list.error} />
      ) : list.data.toolsets.length === 0 ? (
        <EmptyState icon={<Wrench />} title="No toolsets yet.">
          <p>Create one with your API key for a tool, then pick it under Tools in chat.</p>
        </EmptyState>
      ) : (
        <div className="rounded-xl border border-border bg-card">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead scope="col">Slug</TableHead>
                <TableHead scope="col" className="hidden md:table-cell">
                  Type
                </TableHead>
                <TableHead scope="col">Status</TableHead>
                <TableHead scope="col">
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {list.data.toolsets.map((t) => {
                const status = toolsetStatus(t, list.data.toolset_types);
                return (
                  <TableRow key={t.id}>
                    <TableCell className="max-w-48 truncate font-medium">{t.slug}</TableCell>
                    <TableCell className="hidden md:table-cell">
                      {typeName(t.toolset_type, list.data.toolset_types)}
                    </TableCell>
                    <TableCell>
                      <Badge variant={statusVariant(status)}>{status}</Badge>
                    </TableCell>
                    <TableCell>
                      <div className="flex justify-end gap-1">
                        <Button asChild variant="ghost" size="sm">
                          <Link to={`/toolsets/edit?id=${encodeURIComponent(t.id)}`} aria-label={`Edit ${t.slug}`}>
                            <Pencil aria-hidden="true" />
                            <span className="sr-only sm:not-sr-only">Edit</span>
                          </Link>
                        </Button>
                        <Button
                          variant="ghost"
                          size="sm"
                          className="text-destructive hover:bg-destructive/10 hover:text-destructive"
                          aria-label={`Delete ${t.slug}`}
                          onClick={() => setDeleting(t)}
                        >
                          <Trash2 aria-hidden="true" />
                          <span className="sr-only sm:not-sr-only">Delete</span>
                        </Button>
                      </div>
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
      )}
      {deleting && <DeleteToolsetDialog id={deleting.id} slug={deleting.slug} onClose={() => setDeleting(null)} />}
    </Page>
  );
}
