import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { LocalModelFile, ModelMetadata } from '../../api/types';
import { toastStore } from '../../lib/toast';
import { errorReply, type Routes } from '../../test/fetchMock';
import { baseRoutes, sessionUser, type SessionRole } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const FILES = '/bodhi/v1/modelfiles';
const metadata: ModelMetadata = {
  capabilities: { vision: false, thinking: true, tools: { function_calling: true, structured_output: true } },
  context: { max_input_tokens: 131072 },
  architecture: { family: 'llama', parameter_count: 3.21e9, quantization: 'Q4_K_M', format: 'gguf' },
};
const llama: LocalModelFile = {
  repo: 'bartowski/Llama-3.2-3B-Instruct-GGUF',
  filename: 'Llama-3.2-3B-Instruct-Q4_K_M.gguf',
  snapshot: 'abc123',
  size: 2_019_377_696,
  model_params: {},
  metadata,
};
const phi: LocalModelFile = {
  repo: 'microsoft/Phi-3-mini-4k-instruct-gguf',
  filename: 'Phi-3-mini-4k-instruct-q4.gguf',
  snapshot: 'def456',
  size: 4.7e9,
  model_params: {},
};
const page = (data: LocalModelFile[], total = data.length) => ({ body: { data, total, page: 1, page_size: 20 } });

function setup(routes: Routes, role: SessionRole = 'resource_power_user') {
  return renderApp('/ui/modelfiles', { ...baseRoutes({ user: sessionUser(role) }), ...routes });
}

describe('ModelFilesPage', () => {
  it('shows loading, then the files with size, metadata, capabilities and links', async () => {
    setup({ [`GET ${FILES}`]: page([llama, phi]), 'GET /bodhi/v1/queue': { body: { status: 'idle' } } });
    expect(await screen.findByRole('heading', { name: 'Model Files' })).toBeInTheDocument();
    const table = await screen.findByRole('table');
    const row = within(table).getByText(llama.filename).closest('tr')!;
    expect(row).toHaveTextContent('2.0 GB');
    expect(row).toHaveTextContent('llama · 3.2B parameters · Q4_K_M · 131,072 context');
    for (const cap of ['Tools', 'Thinking', 'Structured output'])
      expect(within(row).getAllByText(cap).length).toBeGreaterThan(0);
    expect(within(row).queryByText('Vision')).not.toBeInTheDocument();
    expect(within(row).getByRole('link', { name: /Llama-3.2-3B-Instruct-GGUF on Hugging Face/ })).toHaveAttribute(
      'href',
      'https://huggingface.co/bartowski/Llama-3.2-3B-Instruct-GGUF',
    );
    expect(within(row).getByRole('link', { name: `Create alias for ${llama.filename}` })).toHaveAttribute(
      'href',
      '/ui/models/new?repo=bartowski%2FLlama-3.2-3B-Instruct-GGUF&filename=Llama-3.2-3B-Instruct-Q4_K_M.gguf&snapshot=abc123',
    );
    const phiRow = within(table).getByText(phi.filename).closest('tr')!;
    expect(phiRow).toHaveTextContent('4.7 GB');
    expect(phiRow).toHaveTextContent('Not read yet');
  });

  it('explains where files come from when the cache is empty', async () => {
    setup({ [`GET ${FILES}`]: page([]), 'GET /bodhi/v1/queue': { body: { status: 'idle' } } });
    expect(await screen.findByText('No model files yet.')).toBeInTheDocument();
    expect(screen.getByText(/set/, { selector: 'p' })).toHaveTextContent('HF_HOME');
    expect(screen.getAllByRole('link', { name: 'Download a model' })[0]).toHaveAttribute('href', '/ui/pull');
  });

  it('shows that it is loading while the list is on its way', async () => {
    setup({
      [`GET ${FILES}`]: () => new Promise(() => undefined),
      'GET /bodhi/v1/queue': { body: { status: 'idle' } },
    });
    expect(await screen.findByRole('heading', { name: 'Model Files' })).toBeInTheDocument();
    expect(screen.getByText('Loading…')).toBeInTheDocument();
  });

  it('shows an error when the list fails', async () => {
    setup({ [`GET ${FILES}`]: errorReply(500, 'internal_error', 'The cache could not be read.') });
    expect(await screen.findByRole('alert')).toHaveTextContent('The cache could not be read.');
  });

  it('a user sees the files without refresh, downloads or Create alias', async () => {
    const { fetch } = setup({ [`GET ${FILES}`]: page([llama]) }, 'resource_user');
    await screen.findByText(llama.filename);
    expect(screen.queryByRole('button', { name: 'Refresh metadata' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Create alias/ })).not.toBeInTheDocument();
    expect(fetch.to('GET', '/bodhi/v1/queue')).toHaveLength(0);
  });

  it('refreshes the metadata, following the queue until it is idle, then reads the files again', async () => {
    let queue = 'idle';
    let files = [phi];
    const { user, fetch } = setup({
      [`GET ${FILES}`]: () => page(files),
      'GET /bodhi/v1/queue': () => ({ body: { status: queue } }),
      'POST /bodhi/v1/models/refresh': () => {
        queue = 'processing';
        return { status: 202, body: { num_queued: 'all' } };
      },
    });
    await screen.findByText(phi.filename);
    await user.click(screen.getByRole('button', { name: 'Refresh metadata' }));
    expect(fetch.to('POST', '/bodhi/v1/models/refresh')[0]!.body).toEqual({ source: 'all' });
    expect(await screen.findByTestId('queue-status')).toHaveTextContent('Reading model metadata…');
    expect(screen.getByRole('button', { name: 'Refresh metadata' })).toBeDisabled();
    files = [{ ...phi, metadata }];
    queue = 'idle';
    await waitFor(() => expect(screen.queryByTestId('queue-status')).not.toBeInTheDocument(), { timeout: 3000 });
    expect(await screen.findByText('llama · 3.2B parameters · Q4_K_M · 131,072 context')).toBeInTheDocument();
    expect(toastStore.items().map((t) => t.title)).toContain('Metadata refreshed');
    expect(screen.getByRole('button', { name: 'Refresh metadata' })).toBeEnabled();
  });

  it('pages when the server has more files than a page', async () => {
    const { user, fetch } = setup({
      [`GET ${FILES}`]: (req) => page([req.query.get('page') === '2' ? phi : llama], 25),
      'GET /bodhi/v1/queue': { body: { status: 'idle' } },
    });
    await screen.findByText(llama.filename);
    await user.click(screen.getByRole('button', { name: /Next/ }));
    expect(await screen.findByText(phi.filename)).toBeInTheDocument();
    expect(fetch.to('GET', FILES).at(-1)!.query.get('page')).toBe('2');
  });
});
