import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ErrorMessage } from '../../components/ErrorMessage';
import { CatalogTable } from './CatalogTable';
import { CHAT_MODELS, EMBEDDING_MODELS, type CatalogModel } from './modelCatalog';
import { NextButton } from './NextButton';
import { ScreenText } from './ScreenCard';
import { SetupStep } from './SetupStep';
import { nextStep } from './setupSteps';
import { alreadyDownloaded, useModelDownloads } from './useModelDownloads';

/**
 * `/ui/setup/download-models`: the recommended chat and embedding models (modelCatalog.ts) to download, with progress
 * polled every second. Continue works at any time: the server goes on downloading in the background.
 */
export function DownloadModelsPage() {
  const navigate = useNavigate();
  const { list, start } = useModelDownloads();
  const [failed, setFailed] = useState<{ repo: string; filename: string; error: unknown } | null>(null);
  const download = (m: CatalogModel) => {
    setFailed(null);
    start.mutate(
      { repo: m.repo, filename: m.filename },
      { onError: (error) => setFailed({ repo: m.repo, filename: m.filename, error }) },
    );
  };
  const downloads = list.data?.data;
  const startError = failed && !alreadyDownloaded(failed.error) ? failed.error : null;

  return (
    <SetupStep step="/setup/download-models" title="Download local models" wide>
      <ScreenText>
        Pick models to run on this machine, from Hugging Face. Downloads continue in the background, so you can move on
        while they finish, or skip this step and download models later from the Model Downloads page.
      </ScreenText>
      <ErrorMessage error={list.error} />
      <ErrorMessage error={startError} />
      <CatalogTable
        caption="Chat models"
        models={CHAT_MODELS}
        downloads={downloads}
        disabled={start.isPending}
        failed={failed}
        onDownload={download}
      />
      <CatalogTable
        caption="Embedding models"
        models={EMBEDDING_MODELS}
        downloads={downloads}
        disabled={start.isPending}
        failed={failed}
        onDownload={download}
      />
      <NextButton onClick={() => navigate(nextStep('/setup/download-models'))} />
    </SetupStep>
  );
}
