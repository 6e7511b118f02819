import { screen, within } from '@testing-library/react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { errorReply } from '../../test/fetchMock';
import { baseRoutes } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { sseResponse } from '../../test/sse';

// Replies render through the lazily loaded Markdown chunk (KaTeX, highlight.js): load it once up front, so
// waits for reply text do not also time the first import on a busy machine.
beforeAll(() => import('./Markdown'));

const models = {
  'GET /v1/models': {
    body: {
      object: 'list',
      data: [
        { id: 'openai/gpt-4o', object: 'model', created: 1, owned_by: 'https://api.openai.com/v1' },
        { id: 'openai/gpt-4o-mini', object: 'model', created: 1, owned_by: 'https://api.openai.com/v1' },
      ],
    },
  },
};

function setup(path = '/ui/chat', chat: Parameters<typeof renderApp>[1][string] = () => errorReply(500, 'unset')) {
  return renderApp(path, { ...baseRoutes(), ...models, 'POST /v1/chat/completions': chat });
}

const reply = () => screen.getAllByTestId('message-assistant').at(-1)!;

describe('ChatPage', () => {
  it('renders the streamed reply as chunks arrive', async () => {
    const sse = sseResponse();
    const { user, fetch } = setup('/ui/chat', () => sse.response);
    const picker = await screen.findByLabelText('Model');
    await vi.waitFor(() => expect(picker).toHaveValue('openai/gpt-4o'));

    await user.type(screen.getByLabelText('Message'), 'Hi there{Enter}');
    await vi.waitFor(() => expect(fetch.to('POST', '/v1/chat/completions')).toHaveLength(1));
    expect(fetch.to('POST', '/v1/chat/completions')[0]!.body).toEqual({
      model: 'openai/gpt-4o',
      messages: [{ role: 'user', content: 'Hi there' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(screen.getByTestId('message-user')).toHaveTextContent('Hi there');
    expect(screen.getByRole('button', { name: 'Stop' })).toBeInTheDocument();

    sse.delta('Hel');
    await vi.waitFor(() => expect(within(reply()).getByText('Hel')).toBeInTheDocument());
    sse.delta('lo, wor');
    await vi.waitFor(() => expect(within(reply()).getByText('Hello, wor')).toBeInTheDocument());
    sse.raw(': keep-alive\n\ndata: {"choices":[{"delta":{"con');
    sse.raw('tent":"ld!"}}]}\n\n');
    await vi.waitFor(() => expect(within(reply()).getByText('Hello, world!')).toBeInTheDocument());
    sse.finish();
    expect(await screen.findByRole('button', { name: 'Send' })).toBeInTheDocument();
    expect(screen.getByRole('log')).toHaveAttribute('aria-busy', 'false');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('sends the conversation so far with the next message', async () => {
    let n = 0;
    const { user, fetch } = setup('/ui/chat?model=openai/gpt-4o-mini', () => {
      const sse = sseResponse();
      sse.delta(`answer ${++n}`);
      sse.finish();
      return sse.response;
    });
    expect(await screen.findByLabelText('Model')).toHaveValue('openai/gpt-4o-mini');
    await user.type(screen.getByLabelText('Message'), 'one{Enter}');
    await screen.findByText('answer 1');
    await user.type(screen.getByLabelText('Message'), 'two{Enter}');
    await screen.findByText('answer 2');
    expect(fetch.to('POST', '/v1/chat/completions')[1]!.body).toMatchObject({
      model: 'openai/gpt-4o-mini',
      messages: [
        { role: 'user', content: 'one' },
        { role: 'assistant', content: 'answer 1' },
        { role: 'user', content: 'two' },
      ],
    });
  });

  it('shows an error answer and drops the empty reply', async () => {
    const { user } = setup('/ui/chat', () =>
      errorReply(404, 'model_router_error-api_model_not_found', "Model 'openai/gpt-4o' not found."),
    );
    await vi.waitFor(() => expect(screen.getByLabelText('Model')).toHaveValue('openai/gpt-4o'));
    await user.type(screen.getByLabelText('Message'), 'Hi{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent("Model 'openai/gpt-4o' not found.");
    expect(screen.queryByTestId('message-assistant')).not.toBeInTheDocument();
    expect(screen.getByTestId('message-user')).toHaveTextContent('Hi');
  });

  it('shows an error event from the stream and keeps the partial reply', async () => {
    const sse = sseResponse();
    const { user } = setup('/ui/chat', () => sse.response);
    await vi.waitFor(() => expect(screen.getByLabelText('Model')).toHaveValue('openai/gpt-4o'));
    await user.type(screen.getByLabelText('Message'), 'Hi{Enter}');
    sse.delta('Partial');
    await screen.findByText('Partial');
    sse.raw('data: {"error":{"message":"upstream overloaded","type":"server_error"}}\n\n');
    expect(await screen.findByRole('alert')).toHaveTextContent('upstream overloaded');
    expect(reply()).toHaveTextContent('Partial');
  });

  it('sends the API token override as a bearer token', async () => {
    const sse = sseResponse();
    const { user, fetch } = setup('/ui/chat', () => sse.response);
    await vi.waitFor(() => expect(screen.getByLabelText('Model')).toHaveValue('openai/gpt-4o'));
    await user.click(screen.getByText('Options'));
    await user.type(screen.getByLabelText('API token'), 'bodhiapp_tok');
    await user.type(screen.getByLabelText('Message'), 'Hi{Enter}');
    await vi.waitFor(() => expect(fetch.to('POST', '/v1/chat/completions')).toHaveLength(1));
    expect(fetch.to('POST', '/v1/chat/completions')[0]!.headers.get('Authorization')).toBe('Bearer bodhiapp_tok');
    sse.finish();
  });
});

describe('chat settings', () => {
  it('sends each optional parameter only while it is switched on', async () => {
    let n = 0;
    const { user, fetch } = setup('/ui/chat', () => {
      const sse = sseResponse();
      sse.delta(`reply ${++n}`);
      sse.finish();
      return sse.response;
    });
    await vi.waitFor(() => expect(screen.getByLabelText('Model')).toHaveValue('openai/gpt-4o'));
    await user.click(screen.getByText('Options'));
    await user.type(screen.getByLabelText('System prompt'), 'Be brief.');
    const temperature = screen.getByLabelText('Temperature');
    await user.clear(temperature);
    await user.type(temperature, '0.3');
    await user.type(screen.getByLabelText('Seed'), '7');
    await user.type(screen.getByLabelText('Stop words'), 'END{Enter}STOP');
    await user.selectOptions(screen.getByLabelText('Response format'), 'json_object');
    await user.click(screen.getByRole('switch', { name: 'Use Max tokens' })); // on, but empty: not sent
    expect(screen.getByRole('switch', { name: 'Use Top P' })).not.toBeChecked();

    await user.type(screen.getByLabelText('Message'), 'one{Enter}');
    await screen.findByText('reply 1');
    expect(fetch.to('POST', '/v1/chat/completions')[0]!.body).toEqual({
      model: 'openai/gpt-4o',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'one' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.3,
      seed: 7,
      stop: ['END', 'STOP'],
      response_format: { type: 'json_object' },
    });

    for (const name of ['System prompt', 'Temperature', 'Seed', 'Stop words', 'Response format']) {
      await user.click(screen.getByRole('switch', { name: `Use ${name}` }));
    }
    await user.type(screen.getByLabelText('Message'), 'two{Enter}');
    await screen.findByText('reply 2');
    expect(fetch.to('POST', '/v1/chat/completions')[1]!.body).toEqual({
      model: 'openai/gpt-4o',
      messages: [
        { role: 'user', content: 'one' },
        { role: 'assistant', content: 'reply 1' },
        { role: 'user', content: 'two' },
      ],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(within(screen.getByRole('log')).queryByText('Be brief.')).not.toBeInTheDocument(); // the system prompt is not part of the chat
  });

  it('uses the token only while the override is on, without the session cookie', async () => {
    const { user, fetch } = setup('/ui/chat', () => {
      const sse = sseResponse();
      sse.delta('ok');
      sse.finish();
      return sse.response;
    });
    await vi.waitFor(() => expect(screen.getByLabelText('Model')).toHaveValue('openai/gpt-4o'));
    await user.click(screen.getByText('Options'));
    await user.type(screen.getByLabelText('API token'), 'bodhiapp_tok');
    expect(screen.getByRole('switch', { name: 'Use API token' })).toBeChecked();
    await user.type(screen.getByLabelText('Message'), 'Hi{Enter}');
    await screen.findByText('ok');
    const init = (i: number) => fetch.fn.mock.calls.filter(([url]) => String(url) === '/v1/chat/completions')[i]![1]!;
    expect(fetch.to('POST', '/v1/chat/completions')[0]!.headers.get('Authorization')).toBe('Bearer bodhiapp_tok');
    expect(init(0).credentials).toBe('omit');

    await user.click(screen.getByRole('switch', { name: 'Use API token' }));
    await user.type(screen.getByLabelText('Message'), 'Again{Enter}');
    await vi.waitFor(() => expect(fetch.to('POST', '/v1/chat/completions')).toHaveLength(2));
    expect(fetch.to('POST', '/v1/chat/completions')[1]!.headers.get('Authorization')).toBeNull();
    expect(init(1).credentials).toBe('same-origin');
    expect(JSON.stringify(localStorage)).not.toContain('bodhiapp_tok'); // kept in memory only
  });

  it('renders the answer as Markdown while it streams', async () => {
    const sse = sseResponse();
    const { user } = setup('/ui/chat', () => sse.response);
    await vi.waitFor(() => expect(screen.getByLabelText('Model')).toHaveValue('openai/gpt-4o'));
    await user.type(screen.getByLabelText('Message'), 'List{Enter}');
    sse.delta('Steps:\n\n1. first\n');
    await vi.waitFor(() => expect(within(reply()).getAllByRole('listitem')).toHaveLength(1));
    sse.delta('2. second\n\n```sh\nmake build\n```\n<script>alert(1)</script>');
    await vi.waitFor(() => expect(within(reply()).getAllByRole('listitem')).toHaveLength(2));
    sse.finish();
    await screen.findByRole('button', { name: 'Send' });
    expect(within(reply()).getByRole('list').tagName).toBe('OL');
    expect(reply().querySelector('pre > code')).toHaveTextContent('make build');
    expect(reply().querySelector('script')).toBeNull();
  });
});
