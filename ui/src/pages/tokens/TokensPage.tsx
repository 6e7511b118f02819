import { KeyRound, Plus } from 'lucide-react';
import { useState } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { Pager } from '../../components/Pager';
import { Button } from '../../components/ui/button';
import { Table, TableBody, TableHead, TableHeader, TableRow } from '../../components/ui/table';
import { EmptyState } from '../models/formParts';
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
                  <TokenRow key={t.id} token={t} />
                ))}
              </TableBody>
            </Table>
          </div>
          <Pager page={page} pageSize={TOKENS_PAGE_SIZE} total={tokens.data.total} onPage={setPage} />
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
