import { Download, ExternalLink, HardDrive, Plus, RefreshCw } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { LocalModelFile } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { Pager } from '../../components/Pager';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '../../components/ui/table';
import { roleOf, useUser } from '../../hooks/useUser';
import { formatBytes } from '../../lib/format';
import { hasRole } from '../../lib/roles';
import { newAliasLink } from '../models/aliasView';
import { EmptyState } from '../models/formParts';
import { capabilitiesOf, metadataFacts } from './metadata';
import { useMetadataRefresh, useModelFiles } from './useModelFiles';

const PAGE_SIZE = 20;

/** `/ui/modelfiles`: the GGUF files of the Hugging Face cache, with what their headers say (standalone only). */
export function ModelFilesPage() {
  const powerUser = hasRole(roleOf(useUser().data), 'power_user');
  const [page, setPage] = useState(1);
  const files = useModelFiles(page, PAGE_SIZE);
  const { refresh, busy, processing } = useMetadataRefresh(powerUser);

  // Kept on one line beside the description from sm up.
  const actions = powerUser && (
    <div className="flex flex-wrap gap-2 sm:flex-nowrap">
      <Button variant="outline" disabled={busy} onClick={() => refresh.mutate()}>
        <RefreshCw className={busy ? 'animate-spin motion-reduce:animate-none' : undefined} aria-hidden="true" />
        Refresh metadata
      </Button>
      <Button asChild>
        <Link to="/pull">
          <Download aria-hidden="true" />
          Download a model
        </Link>
      </Button>
    </div>
  );

  return (
    <Page
      title="Model Files"
      description="GGUF files in the Hugging Face cache of this server. Each one can be chatted with by its model alias, or given a user alias with its own parameters."
      actions={actions}
    >
      <p className="sr-only" role="status" aria-live="polite">
        {busy ? 'Reading model metadata…' : ''}
      </p>
      {busy && (
        <p className="text-sm text-muted-foreground" aria-hidden="true" data-testid="queue-status">
          {processing ? 'Reading model metadata…' : 'Queued a metadata refresh…'}
        </p>
      )}
      {files.isPending ? (
        <Loading />
      ) : files.isError ? (
        <ErrorMessage error={files.error} />
      ) : files.data.data.length === 0 ? (
        <EmptyState icon={<HardDrive />} title="No model files yet.">
          <p>
            This page lists the <code>*.gguf</code> files under <code>$HF_HOME/hub</code> (by default{' '}
            <code>~/.cache/huggingface/hub</code>). To use another cache, set <code>HF_HOME</code> in the server&apos;s
            environment or its <code>settings.yaml</code> and restart it.
          </p>
          {powerUser ? (
            <Button asChild>
              <Link to="/pull">
                <Download aria-hidden="true" />
                Download a model
              </Link>
            </Button>
          ) : (
            <p>Power users and above can download models from Hugging Face.</p>
          )}
        </EmptyState>
      ) : (
        <div className="space-y-4">
          <div className="rounded-xl border border-border bg-card">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead scope="col">File</TableHead>
                  <TableHead scope="col" className="hidden text-right md:table-cell">
                    Size
                  </TableHead>
                  <TableHead scope="col" className="hidden lg:table-cell">
                    Model
                  </TableHead>
                  <TableHead scope="col" className="hidden md:table-cell">
                    Capabilities
                  </TableHead>
                  <TableHead scope="col">
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {files.data.data.map((f) => (
                  <FileRow key={`${f.repo}/${f.snapshot}/${f.filename}`} file={f} canCreate={powerUser} />
                ))}
              </TableBody>
            </Table>
          </div>
          <Pager page={page} pageSize={PAGE_SIZE} total={files.data.total} onPage={setPage} />
        </div>
      )}
    </Page>
  );
}

function FileRow({ file: f, canCreate }: { file: LocalModelFile; canCreate: boolean }) {
  const facts = metadataFacts(f.metadata);
  const caps = capabilitiesOf(f.metadata);
  const size = f.size === undefined ? '' : formatBytes(f.size);
  return (
    <TableRow>
      <TableCell className="max-w-0 min-w-48">
        <a
          href={`https://huggingface.co/${f.repo.split('/').map(encodeURIComponent).join('/')}`}
          target="_blank"
          rel="noopener noreferrer"
          className="inline-flex max-w-full items-center gap-1 text-xs text-muted-foreground underline-offset-2 hover:underline"
          aria-label={`${f.repo} on Hugging Face (opens in a new tab)`}
        >
          <span className="truncate">{f.repo}</span>
          <ExternalLink className="size-3 shrink-0" aria-hidden="true" />
        </a>
        <p className="font-medium break-all">{f.filename}</p>
        <p className="text-xs text-muted-foreground lg:hidden">
          {[size && `${size}`, ...facts].filter(Boolean).join(' · ')}
        </p>
        {caps.length > 0 && (
          <div className="mt-1 flex flex-wrap gap-1 md:hidden">
            {caps.map((c) => (
              <Badge key={c} variant="outline">
                {c}
              </Badge>
            ))}
          </div>
        )}
      </TableCell>
      <TableCell className="hidden text-right whitespace-nowrap tabular-nums md:table-cell">{size}</TableCell>
      <TableCell className="hidden text-sm lg:table-cell">
        {facts.length > 0 ? (
          facts.join(' · ')
        ) : (
          <span className="text-muted-foreground">{f.metadata ? 'Not stated in the file' : 'Not read yet'}</span>
        )}
      </TableCell>
      <TableCell className="hidden md:table-cell">
        <div className="flex flex-wrap gap-1">
          {caps.map((c) => (
            <Badge key={c} variant="outline">
              {c}
            </Badge>
          ))}
        </div>
      </TableCell>
      <TableCell className="text-right">
        {canCreate && (
          <Button asChild variant="ghost" size="sm">
            <Link to={newAliasLink(f)} aria-label={`Create alias for ${f.filename}`}>
              <Plus aria-hidden="true" />
              <span className="sr-only sm:not-sr-only">Create alias</span>
            </Link>
          </Button>
        )}
      </TableCell>
    </TableRow>
  );
}
