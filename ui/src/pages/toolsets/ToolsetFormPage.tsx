import { Trash2, Wrench } from 'lucide-react';
import { useState, type ReactNode } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { Button } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import { toast } from '../../lib/toast';
import { EmptyState } from '../models/formParts';
import { DeleteToolsetDialog } from './DeleteToolsetDialog';
import { ToolsetForm } from './ToolsetForm';
import { createRequest, updateRequest } from './toolsetForm';
import { useCreateToolset, useToolset, useToolsets, useUpdateToolset } from './useToolsets';

/** `/ui/toolsets/new`: only types enabled for the org are offered. */
export function NewToolsetPage() {
  const navigate = useNavigate();
  const list = useToolsets();
  const create = useCreateToolset();
  const types = list.data?.toolset_types.filter((t) => t.enabled) ?? [];
  return (
    <Page title="New Toolset" description="Give chat models a tool, such as web search, with your own API key.">
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorMessage error={list.error} />
      ) : types.length === 0 ? (
        <EmptyState icon={<Wrench />} title="No toolset types available.">
          <p>An admin has to enable one first, under Toolsets → Manage toolset types.</p>
        </EmptyState>
      ) : (
        <FormCard>
          <ToolsetForm
            mode="new"
            initial={{
              toolsetType: types[0]!.toolset_type,
              slug: '',
              description: '',
              enabled: true,
              apiKey: '',
              replaceKey: false,
            }}
            types={types}
            hasKey={false}
            onSubmit={async (v) => {
              await create.mutateAsync(createRequest(v));
              toast.success('Toolset created', v.slug);
              navigate('/toolsets');
            }}
            extraActions={<CancelButton />}
          />
        </FormCard>
      )}
    </Page>
  );
}

/** `/ui/toolsets/edit?id=`. */
export function EditToolsetPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const id = params.get('id') ?? '';
  const toolset = useToolset(id);
  const update = useUpdateToolset(id);
  const [deleting, setDeleting] = useState(false);
  return (
    <Page
      title="Edit Toolset"
      actions={
        toolset.data && (
          <Button variant="destructive" onClick={() => setDeleting(true)}>
            <Trash2 aria-hidden="true" />
            Delete
          </Button>
        )
      }
    >
      {!id ? (
        <ErrorMessage error="No toolset id was given." />
      ) : toolset.isPending ? (
        <Loading />
      ) : toolset.isError ? (
        <ErrorMessage error={toolset.error} />
      ) : (
        <FormCard>
          <ToolsetForm
            mode="edit"
            initial={{
              toolsetType: toolset.data.toolset_type,
              slug: toolset.data.slug,
              description: toolset.data.description ?? '',
              enabled: toolset.data.enabled,
              apiKey: '',
              replaceKey: false,
            }}
            types={[]}
            hasKey={toolset.data.has_api_key}
            onSubmit={async (v) => {
              await update.mutateAsync(updateRequest(v));
              toast.success('Toolset saved', v.slug);
              navigate('/toolsets');
            }}
            extraActions={<CancelButton />}
          />
        </FormCard>
      )}
      {deleting && toolset.data && (
        <DeleteToolsetDialog
          id={id}
          slug={toolset.data.slug}
          onClose={() => setDeleting(false)}
          onDeleted={() => navigate('/toolsets')}
        />
      )}
    </Page>
  );
}

function FormCard({ children }: { children: ReactNode }) {
  return <Card className="max-w-2xl p-4 md:p-6">{children}</Card>;
}

function CancelButton() {
  const navigate = useNavigate();
  return (
    <Button variant="outline" onClick={() => navigate('/toolsets')}>
      Cancel
    </Button>
  );
}
