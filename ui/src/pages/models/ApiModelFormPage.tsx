import { useSearchParams } from 'react-router';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { ApiModelForm } from './ApiModelForm';
import { useApiModel } from './useApiModels';

/** `/ui/api-models/new` and `/ui/api-models/edit?id=`. */
export function ApiModelFormPage({ mode }: { mode: 'new' | 'edit' }) {
  const [params] = useSearchParams();
  const id = mode === 'edit' ? params.get('id') : null;
  const existing = useApiModel(id);
  if (mode === 'new') {
    return (
      <Page
        title="New API Model"
        description="Connect an OpenAI-compatible provider and choose which of its models to offer."
      >
        <ApiModelForm />
      </Page>
    );
  }
  return (
    <Page title="Edit API Model" description="Change where the provider is, its key, or which of its models to offer.">
      {!id ? (
        <ErrorMessage error="No API model id in the address." />
      ) : existing.isPending ? (
        <Loading />
      ) : existing.isError ? (
        <ErrorMessage error={existing.error} />
      ) : (
        <ApiModelForm key={existing.data.id} existing={existing.data} />
      )}
    </Page>
  );
}
