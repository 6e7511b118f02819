import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ErrorMessage } from '../../components/ErrorMessage';
import { CatalogTable } from './CatalogTable';
import { CHAT_MODELS, EMBEDDING_MODELS, type CatalogModel } from './modelCatalog';
import { SetupStep } from './SetupStep';
import { nextStep } from './setupSteps';
import { alreadyDownloaded, downloadsUnavailable, useModelDownloads } from './useModelDownloads';

/**
 * `/ui/setup/download-models`: a static catalogue of chat and embedding models to download, with progress polled
 * every second. Servers without the download routes get an honest notice; Continue always works.
 */
export function DownloadModelsPage() {
  const navigate = useNavigate();
  const { list, start, unavailable } = useModelDownloads();
  const [failed, setFailed] = useState<{ repo: string; filename: string; error: unknown } | null>(null);
  const download = (m: CatalogModel) => {
    setFailed(null);
    start.mutate(
      { repo: m.repo, filename: m.filename },
      { onError: (error) => setFailed({ repo: m.repo, filename: m.filename, error }) },
    );
  };
  const downloads = list.data?.data;
  const startError =
    failed && !downloadsUnavailable(failed.error) && !alreadyDownloaded(failed.error) ? failed.error : null;

  return (
    <SetupStep step="/setup/download-models" title="Download local models" wide>
      <p>
        Pick models to run on this machine. Downloads continue in the background, so you can move on while they finish.
      </p>
      {unavailable && (
        <p className="notice" role="status" data-testid="downloads-unavailable">
          Model downloads are not available on this server yet. You can continue and use an API model instead.
        </p>
      )}
      {list.isError && !unavailable && <ErrorMessage error={list.error} />}
      <ErrorMessage error={startError} />
      <CatalogTable
        caption="Chat models"
        models={CHAT_MODELS}
        downloads={downloads}
        disabled={unavailable || start.isPending}
        failed={failed}
        onDownload={download}
      />
      <CatalogTable
        caption="Embedding models"
        models={EMBEDDING_MODELS}
        downloads={downloads}
        disabled={unavailable || start.isPending}
        failed={failed}
        onDownload={download}
      />
      <div className="row end">
        <button type="button" className="button primary" onClick={() => navigate(nextStep('/setup/download-models'))}>
          Continue
        </button>
      </div>
    </SetupStep>
  );
}
