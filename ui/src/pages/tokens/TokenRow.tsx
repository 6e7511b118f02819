import { useState } from 'react';
import type { ApiToken } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatDate } from '../../components/formatDate';
import { toast } from '../../lib/toast';
import { scopeLabel } from './scopes';
import { useUpdateToken } from './useTokens';

/** One token; the switch activates it at once, or deactivates it after a confirmation (apps using it stop working). */
export function TokenRow({ token }: { token: ApiToken }) {
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
    <tr>
      <td>{token.name || <span className="muted">(unnamed)</span>}</td>
      <td>
        <code>{token.token_prefix}…</code>
      </td>
      <td>{scopeLabel(token.scopes)}</td>
      <td>
        <label className="switch">
          <input
            type="checkbox"
            role="switch"
            checked={active}
            disabled={update.isPending}
            aria-label={`Active: ${label}`}
            onChange={() => (active ? setConfirming(true) : setStatus('active'))}
          />
          <span>{active ? 'Active' : 'Inactive'}</span>
        </label>
        {update.isError && !confirming && (
          <span className="error" role="alert">
            {update.error.message}
          </span>
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
      </td>
      <td>{formatDate(token.created_at)}</td>
      <td>{formatDate(token.updated_at)}</td>
    </tr>
  );
}
