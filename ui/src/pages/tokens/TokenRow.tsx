import type { ApiToken } from '../../api/types';
import { formatDate } from '../../components/formatDate';
import { scopeLabel } from './scopes';
import { useUpdateToken } from './useTokens';

/** One token; the switch activates or deactivates it. */
export function TokenRow({ token }: { token: ApiToken }) {
  const update = useUpdateToken();
  const active = token.status === 'active';
  const label = token.name || token.token_prefix;
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
            onChange={() => update.mutate({ id: token.id, name: token.name, status: active ? 'inactive' : 'active' })}
          />
          <span>{active ? 'Active' : 'Inactive'}</span>
        </label>
        {update.isError && (
          <span className="error" role="alert">
            {update.error.message}
          </span>
        )}
      </td>
      <td>{formatDate(token.created_at)}</td>
      <td>{formatDate(token.updated_at)}</td>
    </tr>
  );
}
