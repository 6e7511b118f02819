import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { toast } from '../../lib/toast';
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
    <Page title="New Toolset">
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorMessage error={list.error} />
      ) : types.length === 0 ? (
        <p className="muted">No toolset types available. An admin has to enable one first.</p>
      ) : (
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
        />
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
          <button type="button" className="button danger" onClick={() => setDeleting(true)}>
            Delete
          </button>
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
        />
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
