import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { DownloadRequest } from '../../api/types';
import { errorReply, type Routes } from '../../test/fetchMock';
import { baseRoutes } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const PULL = '/bodhi/v1/modelfiles/pull';
const llama = { repo: 'bartowski/Llama-3.2-3B-Instruct-GGUF', filename: 'Llama-3.2-3B-Instruct-Q4_K_M.gguf' };
const download = (extra: Partial<DownloadRequest>): DownloadRequest => ({
  id: 'dl-1',
  ...llama,
  status: 'pending',
  created_at: '2024-11-10T04:52:06Z',
  updated_at: '2024-11-10T04:52:06Z',
  downloaded_bytes: 0,
  ...extra,
});
const page = (data: DownloadRequest[]) => ({ body: { data, total: data.length, page: 1, page_size: 100 } });

function setup(routes: Routes) {
  return renderApp('/ui/setup/download-models', { ...baseRoutes(), ...routes });
}

describe('setup: download models', () => {
  it('shows the chat and embedding catalogues with sizes', async () => {
    setup({ [`GET ${PULL}`]: page([]) });
    const chat = await screen.findByRole('table', { name: 'Chat models' });
    const row = within(chat).getByText('Llama 3.2 3B Instruct').closest('tr')!;
    expect(row).toHaveTextContent('2.0 GB');
    const embedding = screen.getByRole('table', { name: 'Embedding models' });
    expect(within(embedding).getByText('Nomic Embed Text v1.5').closest('tr')).toHaveTextContent('146 MB');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Download Llama 3.2 3B Instruct' })).toBeEnabled();
  });

  it('shows a failed list as an error without polling, and Continue still works', async () => {
    const { user, fetch } = setup({
      [`GET ${PULL}`]: errorReply(500, 'internal_error', 'The download list could not be read.'),
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('The download list could not be read.');
    expect(fetch.to('GET', PULL)).toHaveLength(1); // no retry loop, no polling
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(screen.getByTestId('location')).toHaveTextContent(/^\/setup\/api-models$/);
  });

  it("shows the server's refusal to start a download", async () => {
    const { user, fetch } = setup({
      [`GET ${PULL}`]: page([]),
      [`POST ${PULL}`]: errorReply(400, 'obj_validation_error-file_pattern_mismatch', "Bad repo 'x'."),
    });
    await user.click(await screen.findByRole('button', { name: 'Download Gemma 2 2B Instruct' }));
    expect(await screen.findByRole('alert')).toHaveTextContent("Bad repo 'x'.");
    expect(fetch.to('POST', PULL)[0]!.body).toEqual({
      repo: 'bartowski/gemma-2-2b-it-GGUF',
      filename: 'gemma-2-2b-it-Q4_K_M.gguf',
    });
    expect(screen.getByRole('button', { name: 'Download Gemma 2 2B Instruct' })).toBeEnabled();
  });

  it('says how to fix a gated repository, and offers to retry', async () => {
    const gated = 'access denied; the repository may be gated — set HF_TOKEN';
    setup({ [`GET ${PULL}`]: page([download({ status: 'error', error: gated })]) });
    const row = (await screen.findByText('Llama 3.2 3B Instruct')).closest('tr')!;
    const alert = await within(row).findByRole('alert');
    expect(alert).toHaveTextContent(gated);
    expect(alert).toHaveTextContent('start Bodhi with HF_TOKEN set, then retry');
    expect(within(row).getByRole('button', { name: 'Download Llama 3.2 3B Instruct' })).toHaveTextContent('Retry');
  });

  it('offers to resume a cancelled download', async () => {
    setup({ [`GET ${PULL}`]: page([download({ status: 'error', error: 'cancelled', downloaded_bytes: 10 })]) });
    const row = (await screen.findByText('Llama 3.2 3B Instruct')).closest('tr')!;
    expect(await within(row).findByText('Cancelled.')).toBeInTheDocument();
    expect(within(row).getByRole('button', { name: 'Download Llama 3.2 3B Instruct' })).toHaveTextContent('Resume');
    expect(within(row).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('starts a download and polls its progress every second until it completes', async () => {
    let polls = 0;
    const { user, fetch } = setup({
      [`GET ${PULL}`]: () => {
        if (!fetch.to('POST', PULL).length) return page([]);
        polls += 1;
        if (polls === 1) return page([download({ total_bytes: 200, downloaded_bytes: 50 })]);
        if (polls === 2) return page([download({ total_bytes: 200, downloaded_bytes: 150 })]);
        return page([download({ status: 'completed', total_bytes: 200, downloaded_bytes: 200 })]);
      },
      [`POST ${PULL}`]: { status: 201, body: download({}) },
    });
    await user.click(await screen.findByRole('button', { name: 'Download Llama 3.2 3B Instruct' }));
    expect(fetch.to('POST', PULL)[0]!.body).toEqual(llama);
    const bar = await screen.findByRole('progressbar', { name: 'Downloading Llama 3.2 3B Instruct' });
    expect(bar).toHaveAttribute('value', '25');
    const row = screen.getByText('Llama 3.2 3B Instruct').closest('tr')!;
    expect(row).toHaveTextContent('50 B of 200 B');
    await vi.waitFor(() => expect(bar).toHaveAttribute('value', '75'), { timeout: 3000 });
    expect(row).toHaveTextContent('150 B of 200 B');
    await vi.waitFor(() => expect(within(row).getByText('Downloaded')).toBeInTheDocument(), { timeout: 3000 });
    const gets = fetch.to('GET', PULL).length;
    await new Promise((r) => setTimeout(r, 1300));
    expect(fetch.to('GET', PULL)).toHaveLength(gets); // polling stops once nothing is pending
  });

  it('marks a file that is already downloaded', async () => {
    const { user } = setup({
      [`GET ${PULL}`]: page([]),
      [`POST ${PULL}`]: errorReply(400, 'pull_error-file_already_exists', 'The file already exists.'),
    });
    await user.click(await screen.findByRole('button', { name: 'Download Llama 3.2 3B Instruct' }));
    const row = screen.getByText('Llama 3.2 3B Instruct').closest('tr')!;
    expect(await within(row).findByText('Downloaded')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
