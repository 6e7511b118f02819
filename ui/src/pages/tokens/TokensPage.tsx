import { KeyRound, Plus } from 'lucide-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { Pager } from '../../components/Pager';
import { Button } from '../../components/ui/button';
import { Table, TableBody, TableHead, TableHeader, TableRow } from '../../components/ui/table';
import { useUser } from '../../hooks/useUser';
import { formatCount } from '../../lib/format';
import { EmptyState } from '../models/formParts';
import { addDays, utcDate } from '../usage/period';
import { useUsage, type UsageRow } from '../usage/useUsage';
import { CreateTokenDialog } from './CreateTokenDialog';
import { NewTokenDialog } from './NewTokenDialog';
import { TokenRow } from './TokenRow';
import { TOKENS_PAGE_SIZE, useTokens } from './useTokens';

type DialogState = { kind: 'create' } | { kind: 'created'; token: string } | null;

/** `/ui/tokens` (power_user and up): the caller's API tokens. */
export function TokensPage() {
  const [page, setPage] = useState(1);
  const [dialog, setDialog] = useState<DialogState>(null);
  const tokens = useTokens(page);
  const usage = useTokenUsage();

  return (
    <Page
      title="API Tokens"
      description="Tokens let scripts and other apps call this server's API as you, with the scope you choose."
      actions={
        <Button onClick={() => setDialog({ kind: 'create' })}>
          <Plus aria-hidden="true" />
          New API token
        </Button>
      }
    >
      {tokens.isPending ? (
        <Loading />
      ) : tokens.isError ? (
        <ErrorMessage error={tokens.error} />
      ) : tokens.data.data.length === 0 ? (
        <EmptyState icon={<KeyRound />} title="No tokens yet.">
          <p>Create one to call the API from a script; it is shown once, when you create it.</p>
        </EmptyState>
      ) : (
        <div className="space-y-4">
          <div className="rounded-xl border border-border bg-card">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead scope="col">Name</TableHead>
                  <TableHead scope="col" className="hidden sm:table-cell">
                    Token
                  </TableHead>
                  <TableHead scope="col" className="hidden md:table-cell">
                    Scope
                  </TableHead>
                  <TableHead scope="col">Status</TableHead>
                  <TableHead scope="col" className="text-right">
                    Last 30 days
                  </TableHead>
                  <TableHead scope="col" className="hidden lg:table-cell">
                    Created
                  </TableHead>
                  <TableHead scope="col" className="hidden lg:table-cell">
                    Updated
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {tokens.data.data.map((t) => (
                  <TokenRow
                    key={t.id}
                    token={t}
                    usage={usage.byToken ? (usage.byToken.get(t.id) ?? null) : undefined}
                  />
                ))}
              </TableBody>
            </Table>
          </div>
          <Pager page={page} pageSize={TOKENS_PAGE_SIZE} total={tokens.data.total} onPage={setPage} />
          <p className="text-sm text-muted-foreground" data-testid="token-usage-note">
            {usage.isError
              ? 'Your usage could not be loaded. '
              : usage.withoutToken
                ? `Your requests in the last 30 days, by token (UTC days); ${formatCount(usage.withoutToken.requests)} more without an API token (in the web app). `
                : 'Your requests in the last 30 days, by token (UTC days). '}
            <Link to={usage.link} className="font-medium text-primary underline underline-offset-2">
              See all your usage
            </Link>
          </p>
        </div>
      )}
      {dialog?.kind === 'create' && (
        <CreateTokenDialog
          onClose={() => setDialog(null)}
          onCreated={(token) => setDialog({ kind: 'created', token })}
        />
      )}
      {dialog?.kind === 'created' && <NewTokenDialog token={dialog.token} onClose={() => setDialog(null)} />}
    </Page>
  );
}

/** The caller's own usage of the last 30 days (UTC days, today included), by token id. */
function useTokenUsage() {
  const me = useUser().data;
  const userId = me?.auth_status === 'logged_in' ? me.user_id : undefined;
  const today = utcDate(new Date());
  const report = useUsage(
    { from: addDays(today, -29), to: today, groupBy: ['token'], userId, pageSize: 1000 },
    { enabled: !!userId },
  );
  const rows = report.data?.data;
  const byToken = useMemo(
    () => (rows ? new Map(rows.filter((r) => r.token_id).map((r) => [r.token_id!, r])) : undefined),
    [rows],
  );
  const withoutToken: UsageRow | undefined = rows?.find((r) => r.token_id === '');
  // managers see the org on the usage page by default: name them
  const link = userId ? `/usage?period=30d&user=${encodeURIComponent(userId)}` : '/usage';
  return { byToken, withoutToken, isError: report.isError, link };
}
