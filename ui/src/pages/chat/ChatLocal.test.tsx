import { screen, within } from '@testing-library/react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { errorReply } from '../../test/fetchMock';
import { baseRoutes } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { sseResponse } from '../../test/sse';

beforeAll(() => import('./Markdown'));

// Local aliases come first on /v1/models, owned by "system"; API models are owned by their base URL.
const models = {
  'GET /v1/models': {
    body: {
      object: 'list',
      data: [
        { id: 'my-llama', object: 'model', created: 1, owned_by: 'system' },
        { id: 'openai/gpt-4o', object: 'model', created: 1, owned_by: 'https://api.openai.com/v1' },
      ],
    },
  },
};

function setup(path: string, chat: Parameters<typeof renderApp>[1][string]) {
  return renderApp(path, { ...baseRoutes(), ...models, 'POST /v1/chat/completions': chat });
}

const reply = () => screen.getAllByTestId('message-assistant').at(-1)!;
const loading = /Waiting for my-llama… the first reply of a local model waits for llama-server to load it/;

describe('chat with a local model', () => {
  it('lists local aliases with the API models and picks one like them', async () => {
    const sse = sseResponse();
    const { user, fetch } = setup('/ui/chat', () => sse.response);
    const picker = await screen.findByLabelText('Model');
    await vi.waitFor(() => expect(picker).toHaveValue('my-llama'));
    expect(
      within(picker)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['my-llama', 'openai/gpt-4o']);

    await user.type(screen.getByLabelText('Message'), 'Hi{Enter}');
    await vi.waitFor(() => expect(fetch.to('POST', '/v1/chat/completions')).toHaveLength(1));
    expect(fetch.to('POST', '/v1/chat/completions')[0]!.body).toMatchObject({ model: 'my-llama', stream: true });
    // llama-server may be starting: the reply area says why nothing has arrived yet
    expect(await within(reply()).findByRole('status')).toHaveTextContent(loading);

    sse.delta('Hello from llama');
    await vi.waitFor(() => expect(within(reply()).getByText('Hello from llama')).toBeInTheDocument());
    expect(within(reply()).queryByText(loading)).not.toBeInTheDocument();
    sse.finish();
    expect(await screen.findByRole('button', { name: 'Send' })).toBeInTheDocument();
  });

  it('shows the usual indicator, not the loading note, for an API model', async () => {
    const sse = sseResponse();
    const { user } = setup('/ui/chat?model=openai/gpt-4o', () => sse.response);
    await vi.waitFor(() => expect(screen.getByLabelText('Model')).toHaveValue('openai/gpt-4o'));
    await user.type(screen.getByLabelText('Message'), 'Hi{Enter}');
    expect(await within(reply()).findByRole('status', { name: 'Writing a reply' })).toBeInTheDocument();
    expect(screen.queryByText(loading)).not.toBeInTheDocument();
    sse.finish();
  });

  it("shows llama-server's start failure as the server words it", async () => {
    const message =
      'llama-server stopped while serving the request: it exited (exit status 1). Its last output:\nerror: failed to load model';
    const { user } = setup('/ui/chat', () => errorReply(502, 'ai_api_service_error-bad_gateway', message));
    await vi.waitFor(() => expect(screen.getByLabelText('Model')).toHaveValue('my-llama'));
    await user.type(screen.getByLabelText('Message'), 'Hi{Enter}');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('llama-server stopped while serving the request: it exited (exit status 1).');
    expect(alert).toHaveTextContent('error: failed to load model');
    expect(screen.queryByText(loading)).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });
});
