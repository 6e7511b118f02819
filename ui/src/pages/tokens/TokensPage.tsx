import { useState } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { Pager } from '../../components/Pager';
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
      actions={
        <button type="button" className="button primary" onClick={() => setDialog({ kind: 'create' })}>
          New API token
        </button>
      }
    >
      <p>Tokens let scripts and other apps call this server's API as you, with the scope you choose.</p>
      {tokens.isPending ? (
        <Loading />
      ) : tokens.isError ? (
        <ErrorMessage error={tokens.error} />
      ) : tokens.data.data.length === 0 ? (
        <p className="muted">No tokens yet.</p>
      ) : (
        <>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Token</th>
                <th scope="col">Scope</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.data.map((t) => (
                <TokenRow key={t.id} token={t} />
              ))}
            </tbody>
          </table>
          <Pager page={page} pageSize={TOKENS_PAGE_SIZE} total={tokens.data.total} onPage={setPage} />
        </>
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
