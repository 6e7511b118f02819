import { useState } from 'react';
import type { ApiToken } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatDate } from '../../components/formatDate';
import { Badge } from '../../components/ui/badge';
import { Switch } from '../../components/ui/switch';
import { TableCell, TableRow } from '../../components/ui/table';
import { formatCount } from '../../lib/format';
import { toast } from '../../lib/toast';
import type { UsageRow } from '../usage/useUsage';
import { scopeLabel } from './scopes';
import { useUpdateToken } from './useTokens';

interface Props {
  token: ApiToken;
  /** The token's usage of the last 30 days: null when it made no request, undefined while unknown. */
  usage?: UsageRow | null;
}

/** One token; the switch activates it at once, or deactivates it after a confirmation (apps using it stop working). */
export function TokenRow({ token, usage }: Props) {
  const update = useUpdateToken();
  const [confirming, setConfirming] = useState(false);
  const active = token.status === 'active';
  const label = token.name || token.token_prefix;

  const setStatus = (status: ApiToken['status']) =>
    update.mutate(
      { id: token.id, name: token.name, status },
      {
        onSuccess: () => {
          setConfirming(false);
          toast.success(status === 'active' ? 'Token activated' : 'Token deactivated', label);
        },
      },
    );

  return (
    <TableRow>
      <TableCell className="max-w-56 truncate font-medium">
        {token.name || <span className="font-normal text-muted-foreground">(unnamed)</span>}
      </TableCell>
      <TableCell className="hidden sm:table-cell">
        <code className="text-xs">{token.token_prefix}…</code>
      </TableCell>
      <TableCell className="hidden md:table-cell">
        <Badge variant="outline">{scopeLabel(token.scopes)}</Badge>
      </TableCell>
      <TableCell>
        <div className="flex items-center gap-2">
          <Switch
            checked={active}
            disabled={update.isPending}
            aria-label={`Active: ${label}`}
            onCheckedChange={() => (active ? setConfirming(true) : setStatus('active'))}
          />
          <Badge variant={active ? 'success' : 'secondary'}>{active ? 'Active' : 'Inactive'}</Badge>
        </div>
        {update.isError && !confirming && (
          <p className="mt-1 text-xs text-destructive" role="alert">
            {update.error.message}
          </p>
        )}
        {confirming && (
          <ConfirmDialog
            title={`Deactivate ${label}?`}
            confirmLabel="Deactivate"
            error={update.error}
            pending={update.isPending}
            onConfirm={() => setStatus('inactive')}
            onClose={() => {
              setConfirming(false);
              update.reset();
            }}
          >
            Scripts and apps using <strong>{label}</strong> are refused until you activate it again.
          </ConfirmDialog>
        )}
      </TableCell>
      <TableCell className="text-right whitespace-nowrap tabular-nums" data-testid="token-usage">
        {usage === undefined ? (
          <span className="text-muted-foreground">—</span>
        ) : usage === null ? (
          <span className="text-muted-foreground">No requests</span>
        ) : (
          <span className="grid">
            <span>{formatCount(usage.requests)} requests</span>
            <span className="text-xs text-muted-foreground">{formatCount(usage.total_tokens)} tokens</span>
          </span>
        )}
      </TableCell>
      <TableCell className="hidden whitespace-nowrap text-muted-foreground lg:table-cell">
        {formatDate(token.created_at)}
      </TableCell>
      <TableCell className="hidden whitespace-nowrap text-muted-foreground lg:table-cell">
        {formatDate(token.updated_at)}
      </TableCell>
    </TableRow>
  );
}
