import { useState, type FormEvent } from 'react';
import type { TokenScope } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { roleOf, useUser } from '../../hooks/useUser';
import { scopesFor } from './scopes';
import { useCreateToken } from './useTokens';

interface Props {
  onClose: () => void;
  onCreated: (token: string) => void;
}

/** Name (optional) and scope, limited to the caller's role. */
export function CreateTokenDialog({ onClose, onCreated }: Props) {
  const options = scopesFor(roleOf(useUser().data));
  const [name, setName] = useState('');
  const [scope, setScope] = useState<TokenScope>(options[0]?.value ?? 'scope_token_user');
  const create = useCreateToken();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name: name.trim(), scope }, { onSuccess: ({ token }) => onCreated(token) });
  };

  return (
    <Dialog title="New API token" onClose={onClose}>
      <form onSubmit={submit}>
        <Field label="Name (optional)">
          {(ids) => (
            <input {...ids} data-autofocus value={name} maxLength={255} onChange={(e) => setName(e.target.value)} />
          )}
        </Field>
        <Field label="Scope" hint="What the token may do; never more than your own role.">
          {(ids) => (
            <select {...ids} value={scope} onChange={(e) => setScope(e.target.value as TokenScope)}>
              {options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <ErrorMessage error={create.error} />
        <div className="row end">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create token'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
