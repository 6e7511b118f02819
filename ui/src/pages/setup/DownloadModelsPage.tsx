import { Info } from 'lucide-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ErrorMessage } from '../../components/ErrorMessage';
import { CatalogTable } from './CatalogTable';
import { CHAT_MODELS, EMBEDDING_MODELS, type CatalogModel } from './modelCatalog';
import { NextButton } from './NextButton';
import { ScreenText } from './ScreenCard';
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
      <ScreenText>
        Pick models to run on this machine. Downloads continue in the background, so you can move on while they finish.
      </ScreenText>
      {unavailable && (
        <p
          className="flex items-start gap-2 rounded-md border border-warning/40 px-3 py-2 text-sm"
          role="status"
          data-testid="downloads-unavailable"
        >
          <Info className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden="true" />
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
      <NextButton onClick={() => navigate(nextStep('/setup/download-models'))} />
    </SetupStep>
  );
}
