import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { paths } from '../../api/paths';
import type { AliasResponse, Paginated } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { Pager } from '../../components/Pager';
import { useAppMode } from '../../hooks/useAppMode';
import { roleOf, useUser } from '../../hooks/useUser';
import { hasRole } from '../../lib/roles';
import { AliasRow } from './AliasRow';

const PAGE_SIZE = 10;

/** `/ui/models`: every alias of the org, with API providers among them (ui.md §8.2). */
export function ModelsPage() {
  const { isHosted } = useAppMode();
  const powerUser = hasRole(roleOf(useUser().data), 'power_user');
  const [page, setPage] = useState(1);
  const query = { page, page_size: PAGE_SIZE };
  const models = useQuery({
    queryKey: [paths.models, query],
    queryFn: ({ signal }) => api<Paginated<AliasResponse>>(paths.models, { query, signal }),
  });

  const actions = (
    <>
      {!isHosted && powerUser && (
        <Link className="button" to="/models/new">
          New Model Alias
        </Link>
      )}
      {powerUser && (
        <Link className="button primary" to="/api-models/new">
          New API Model
        </Link>
      )}
    </>
  );

  return (
    <Page title="Models" actions={actions}>
      {models.isPending ? (
        <Loading />
      ) : models.isError ? (
        <ErrorMessage error={models.error} />
      ) : models.data.data.length === 0 ? (
        <p className="muted">
          No models yet.{' '}
          {powerUser
            ? 'Add an API model to connect an OpenAI-compatible provider.'
            : 'Power users and above can add models; ask one of them or an administrator.'}
        </p>
      ) : (
        <>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">API format or repo</th>
                <th scope="col">Endpoint or file</th>
                <th scope="col">Prefix</th>
                <th scope="col">Forward all</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {models.data.data.map((a, i) => (
                <AliasRow
                  key={a.source === 'model' ? `model:${a.alias}` : `${a.source}:${a.id}:${i}`}
                  alias={a}
                  canEdit={powerUser}
                />
              ))}
            </tbody>
          </table>
          <Pager page={page} pageSize={PAGE_SIZE} total={models.data.total} onPage={setPage} />
        </>
      )}
    </Page>
  );
}
