import { useState } from 'react';
import { Link } from 'react-router';
import type { Toolset } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { roleOf, useUser } from '../../hooks/useUser';
import { hasRole } from '../../lib/roles';
import { DeleteToolsetDialog } from './DeleteToolsetDialog';
import { toolsetStatus, typeName } from './toolsetStatus';
import { useToolsets } from './useToolsets';

/** `/ui/toolsets`: the caller's toolset instances. */
export function ToolsetsPage() {
  const isAdmin = hasRole(roleOf(useUser().data), 'admin');
  const list = useToolsets();
  const [deleting, setDeleting] = useState<Toolset | null>(null);
  return (
    <Page
      title="Toolsets"
      actions={
        <>
          {isAdmin && (
            <Link className="button" to="/toolsets/admin">
              Manage toolset types
            </Link>
          )}
          <Link className="button primary" to="/toolsets/new">
            New toolset
          </Link>
        </>
      }
    >
      <p>Toolsets give chat models tools such as web search, using your own API key.</p>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorMessage error={list.error} />
      ) : list.data.toolsets.length === 0 ? (
        <p className="muted">No toolsets yet.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Slug</th>
              <th scope="col">Type</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.data.toolsets.map((t) => (
              <tr key={t.id}>
                <td>{t.slug}</td>
                <td>{typeName(t.toolset_type, list.data.toolset_types)}</td>
                <td>
                  <span className="badge">{toolsetStatus(t, list.data.toolset_types)}</span>
                </td>
                <td className="actions">
                  <Link
                    className="button small"
                    to={`/toolsets/edit?id=${encodeURIComponent(t.id)}`}
                    aria-label={`Edit ${t.slug}`}
                  >
                    Edit
                  </Link>
                  <button
                    type="button"
                    className="button small danger"
                    aria-label={`Delete ${t.slug}`}
                    onClick={() => setDeleting(t)}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {deleting && <DeleteToolsetDialog id={deleting.id} slug={deleting.slug} onClose={() => setDeleting(null)} />}
    </Page>
  );
}
