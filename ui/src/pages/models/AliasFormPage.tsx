import { useSearchParams } from 'react-router';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { AliasForm } from './AliasForm';
import { useUserAlias } from './useUserAliases';

/** `/ui/models/new` (optionally `?repo=&filename=&snapshot=`) and `/ui/models/edit?id=`. */
export function AliasFormPage({ mode }: { mode: 'new' | 'edit' }) {
  const [params] = useSearchParams();
  const id = mode === 'edit' ? params.get('id') : null;
  const existing = useUserAlias(id);
  if (mode === 'new') {
    const file = {
      repo: params.get('repo') ?? undefined,
      filename: params.get('filename') ?? undefined,
      snapshot: params.get('snapshot') ?? undefined,
    };
    return (
      <Page
        title="New Model Alias"
        description="Name a local GGUF file and give it default request parameters and llama-server arguments."
      >
        <AliasForm file={file} />
      </Page>
    );
  }
  return (
    <Page title="Edit Model Alias" description="Point the alias at another file or change its parameters.">
      {!id ? (
        <ErrorMessage error="No alias id in the address." />
      ) : existing.isPending ? (
        <Loading />
      ) : existing.isError ? (
        <ErrorMessage error={existing.error} />
      ) : (
        <AliasForm key={existing.data.id} existing={existing.data} />
      )}
    </Page>
  );
}
