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
      <Page title="New API Model">
        <ApiModelForm />
      </Page>
    );
  }
  return (
    <Page title="Edit API Model">
      {!id ? (
        <p className="error">No API model id in the address.</p>
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
