import { useQuery } from '@tanstack/react-query';
import { Boxes, Download, Plus } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { paths } from '../../api/paths';
import type { AliasPage } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { Pager } from '../../components/Pager';
import { Button } from '../../components/ui/button';
import { Table, TableBody, TableHead, TableHeader, TableRow } from '../../components/ui/table';
import { useAppMode } from '../../hooks/useAppMode';
import { roleOf, useUser } from '../../hooks/useUser';
import { hasRole } from '../../lib/roles';
import { AliasRow } from './AliasRow';
import { EmptyState } from './formParts';

const PAGE_SIZE = 10;

/** `/ui/models`: every alias of the org, with API providers among them (ui.md §8.2). */
export function ModelsPage() {
  const { isHosted } = useAppMode();
  const powerUser = hasRole(roleOf(useUser().data), 'power_user');
  const [page, setPage] = useState(1);
  const query = { page, page_size: PAGE_SIZE };
  const models = useQuery({
    queryKey: [paths.models, query],
    queryFn: ({ signal }) => api<AliasPage>(paths.models, { query, signal }),
  });

  const actions = powerUser && (
    <>
      {!isHosted && (
        <Button asChild variant="outline">
          <Link to="/models/new">New Model Alias</Link>
        </Button>
      )}
      <Button asChild>
        <Link to="/api-models/new">
          <Plus aria-hidden="true" />
          New API Model
        </Link>
      </Button>
    </>
  );

  return (
    <Page
      title="Models"
      description="Every model this organization can chat with: API providers and, on a standalone server, local files and aliases."
      actions={actions}
    >
      {models.isPending ? (
        <Loading />
      ) : models.isError ? (
        <ErrorMessage error={models.error} />
      ) : models.data.data.length === 0 ? (
        <EmptyState icon={<Boxes />} title="No models yet.">
          {powerUser ? (
            <>
              <p>
                Add an API model to connect an OpenAI-compatible provider
                {isHosted ? '.' : ', or download a GGUF file: each file in the cache is a model alias.'}
              </p>
              <div className="flex flex-wrap justify-center gap-2">
                <Button asChild>
                  <Link to="/api-models/new">
                    <Plus aria-hidden="true" />
                    Add an API model
                  </Link>
                </Button>
                {!isHosted && (
                  <Button asChild variant="outline">
                    <Link to="/pull">
                      <Download aria-hidden="true" />
                      Download a model
                    </Link>
                  </Button>
                )}
              </div>
            </>
          ) : (
            <p>Power users and above can add models; ask one of them or an administrator.</p>
          )}
        </EmptyState>
      ) : (
        <div className="space-y-4">
          <div className="rounded-xl border border-border bg-card">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead scope="col">Name</TableHead>
                  <TableHead scope="col" className="hidden lg:table-cell">
                    API format or repo
                  </TableHead>
                  <TableHead scope="col" className="hidden md:table-cell">
                    Endpoint or file
                  </TableHead>
                  <TableHead scope="col" className="hidden lg:table-cell">
                    Prefix
                  </TableHead>
                  <TableHead scope="col" className="hidden lg:table-cell">
                    Forward all
                  </TableHead>
                  <TableHead scope="col">
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {models.data.data.map((a, i) => (
                  <AliasRow
                    key={a.source === 'model' ? `model:${a.alias}` : `${a.source}:${a.id}:${i}`}
                    alias={a}
                    canEdit={powerUser}
                  />
                ))}
              </TableBody>
            </Table>
          </div>
          <Pager page={page} pageSize={PAGE_SIZE} total={models.data.total} onPage={setPage} />
        </div>
      )}
    </Page>
  );
}
