import { Copy, MessageSquare, Pencil, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { AliasResponse } from '../../api/types';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { TableCell, TableRow } from '../../components/ui/table';
import { aliasName, chatModelOf, newAliasLink, SOURCE_LABEL } from './aliasView';
import { CopyAliasDialog } from './CopyAliasDialog';
import { DeleteAliasDialog } from './DeleteAliasDialog';
import { DeleteApiModelDialog } from './DeleteApiModelDialog';

interface Props {
  alias: AliasResponse;
  canEdit: boolean;
}

const SOURCE_VARIANT = { api: 'default', user: 'secondary', model: 'outline' } as const;

/** Icon-only below sm, so the row fits a phone; the aria-label names the action and the model. */
function ActionLabel({ children }: { children: string }) {
  return <span className="sr-only sm:not-sr-only">{children}</span>;
}

export function AliasRow({ alias: a, canEdit }: Props) {
  const [open, setOpen] = useState<'delete' | 'copy' | null>(null);
  const close = () => setOpen(null);
  const name = aliasName(a);
  const chatModel = chatModelOf(a);
  const where = a.source === 'api' ? a.base_url : a.filename;
  return (
    <TableRow>
      <TableCell className="max-w-64">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-medium break-all">{name}</span>
          <Badge variant={SOURCE_VARIANT[a.source]}>{SOURCE_LABEL[a.source]}</Badge>
        </div>
        <div className="mt-1 truncate text-xs text-muted-foreground md:hidden">{where}</div>
      </TableCell>
      <TableCell className="hidden lg:table-cell">{a.source === 'api' ? a.api_format : a.repo}</TableCell>
      <TableCell className="hidden max-w-72 truncate md:table-cell" title={where}>
        {where}
      </TableCell>
      <TableCell className="hidden lg:table-cell">{a.source === 'api' ? (a.prefix ?? '') : ''}</TableCell>
      <TableCell className="hidden lg:table-cell">
        {a.source === 'api' ? (a.forward_all_with_prefix ? 'Yes' : 'No') : ''}
      </TableCell>
      <TableCell>
        <div className="flex justify-end gap-1">
          {chatModel && (
            <Button asChild variant="ghost" size="sm">
              <Link to={`/chat?model=${encodeURIComponent(chatModel)}`} aria-label={`Chat with ${chatModel}`}>
                <MessageSquare aria-hidden="true" />
                <ActionLabel>Chat</ActionLabel>
              </Link>
            </Button>
          )}
          {canEdit && a.source !== 'model' && (
            <Button asChild variant="ghost" size="sm">
              <Link
                to={
                  a.source === 'api'
                    ? `/api-models/edit?id=${encodeURIComponent(a.id)}`
                    : `/models/edit?id=${encodeURIComponent(a.id)}`
                }
                aria-label={`Edit ${name}`}
              >
                <Pencil aria-hidden="true" />
                <ActionLabel>Edit</ActionLabel>
              </Link>
            </Button>
          )}
          {canEdit && a.source === 'user' && (
            <Button variant="ghost" size="sm" aria-label={`Copy ${name}`} onClick={() => setOpen('copy')}>
              <Copy aria-hidden="true" />
              <ActionLabel>Copy</ActionLabel>
            </Button>
          )}
          {canEdit && a.source === 'model' && (
            <Button asChild variant="ghost" size="sm">
              <Link to={newAliasLink(a)} aria-label={`Create alias from ${name}`}>
                <Plus aria-hidden="true" />
                <ActionLabel>Create alias</ActionLabel>
              </Link>
            </Button>
          )}
          {canEdit && a.source !== 'model' && (
            <Button
              variant="ghost"
              size="sm"
              className="text-destructive hover:bg-destructive/10 hover:text-destructive"
              aria-label={`Delete ${name}`}
              onClick={() => setOpen('delete')}
            >
              <Trash2 aria-hidden="true" />
              <ActionLabel>Delete</ActionLabel>
            </Button>
          )}
        </div>
        {open === 'delete' && a.source === 'api' && <DeleteApiModelDialog id={a.id} name={name} onClose={close} />}
        {open === 'delete' && a.source === 'user' && <DeleteAliasDialog id={a.id} alias={a.alias} onClose={close} />}
        {open === 'copy' && a.source === 'user' && <CopyAliasDialog id={a.id} alias={a.alias} onClose={close} />}
      </TableCell>
    </TableRow>
  );
}
