import { screen, within } from '@testing-library/react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { errorReply, type Reply } from '../../test/fetchMock';
import { baseRoutes } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { sseResponse, sseText } from '../../test/sse';

// Replies render through the lazily loaded Markdown chunk: load it once up front (see ChatPage.test.tsx).
beforeAll(() => import('./Markdown'));

const models = {
  'GET /v1/models': { body: { object: 'list', data: [{ id: 'gpt', object: 'model', created: 1, owned_by: 'x' }] } },
};

function setup(chat: () => Response | Reply) {
  return renderApp('/ui/chat', { ...baseRoutes(), ...models, 'POST /v1/chat/completions': chat });
}

/** Answers each request with the next of `replies`, streamed and finished. */
function replies(...texts: string[]) {
  let n = 0;
  return () => sseText(texts[n++] ?? 'no more');
}

async function say(user: ReturnType<typeof setup>['user'], text: string) {
  await vi.waitFor(() => expect(screen.getByLabelText('Model')).toHaveValue('gpt'));
  await user.type(screen.getByLabelText('Message'), `${text}{Enter}`);
}

const replyEls = () => screen.queryAllByTestId('message-assistant');
const lastReply = () => replyEls().at(-1)!;
const sentMessages = (fetch: ReturnType<typeof setup>['fetch'], i: number) =>
  (fetch.to('POST', '/v1/chat/completions')[i]!.body as { messages: unknown[] }).messages;

describe('chat actions', () => {
  it('stops a streaming reply, keeping the partial text marked as stopped', async () => {
    const sse = sseResponse();
    const { user } = setup(() => sse.response);
    await say(user, 'Tell me a long story');
    sse.delta('Once upon');
    await screen.findByText('Once upon');
    await user.click(screen.getByRole('button', { name: 'Stop' }));
    expect(await screen.findByRole('button', { name: 'Send' })).toBeInTheDocument();
    sse.delta(' a time'); // arrives after the stop: dropped
    await new Promise((r) => setTimeout(r, 30));
    expect(lastReply()).toHaveTextContent('Once upon');
    expect(lastReply()).not.toHaveTextContent('a time');
    expect(within(lastReply()).getByText('Stopped')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('copies a reply to the clipboard and says so', async () => {
    const { user } = setup(replies('Copy **me**'));
    await say(user, 'Hi');
    await within(await screen.findByTestId('message-assistant')).findByText('me');
    await user.click(within(lastReply()).getByRole('button', { name: 'Copy' }));
    expect(await navigator.clipboard.readText()).toBe('Copy **me**');
    expect(within(lastReply()).getByRole('button', { name: 'Copied' })).toBeInTheDocument();
  });

  it('regenerates the last reply from the same conversation', async () => {
    const { user, fetch } = setup(replies('first try', 'second try'));
    await say(user, 'Hi');
    await screen.findByText('first try');
    await user.click(within(lastReply()).getByRole('button', { name: 'Regenerate' }));
    await screen.findByText('second try');
    expect(screen.queryByText('first try')).not.toBeInTheDocument();
    expect(replyEls()).toHaveLength(1);
    expect(sentMessages(fetch, 1)).toEqual([{ role: 'user', content: 'Hi' }]);
  });

  it('retries after an error', async () => {
    let n = 0;
    const { user, fetch } = setup(() =>
      n++ === 0 ? errorReply(502, 'bad_gateway', 'The provider failed.') : sseText('It worked'),
    );
    await say(user, 'Hi');
    expect(await screen.findByRole('alert')).toHaveTextContent('The provider failed.');
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    await screen.findByText('It worked');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getAllByTestId('message-user')).toHaveLength(1);
    expect(sentMessages(fetch, 1)).toEqual([{ role: 'user', content: 'Hi' }]);
  });

  it('edits a user message and resends it, replacing the conversation after it', async () => {
    const { user, fetch } = setup(replies('answer one', 'answer two', 'answer edited'));
    await say(user, 'one');
    await screen.findByText('answer one');
    await say(user, 'two');
    await screen.findByText('answer two');

    const first = screen.getAllByTestId('message-user')[0]!;
    await user.click(within(first).getByRole('button', { name: 'Edit' }));
    const editor = within(first).getByLabelText('Edit message');
    await user.clear(editor);
    await user.type(editor, 'one, edited');
    await user.click(within(first).getByRole('button', { name: 'Save and send' }));

    await screen.findByText('answer edited');
    expect(screen.getAllByTestId('message-user').map((m) => m.textContent)).toEqual([
      expect.stringContaining('one, edited'),
    ]);
    expect(screen.queryByText('answer two')).not.toBeInTheDocument();
    expect(sentMessages(fetch, 2)).toEqual([{ role: 'user', content: 'one, edited' }]);
  });

  it('shows the token usage under each reply and does not send it back', async () => {
    let n = 0;
    const { user, fetch } = setup(() => {
      const sse = sseResponse();
      sse.delta(`reply ${++n}`);
      sse.usage(7, 5);
      sse.finish();
      return sse.response;
    });
    await say(user, 'Hi');
    await screen.findByText('reply 1');
    expect(await within(lastReply()).findByTestId('message-usage')).toHaveTextContent(
      '7 prompt · 5 completion · 12 total tokens',
    );
    await say(user, 'Again');
    await screen.findByText('reply 2');
    expect(sentMessages(fetch, 1)).toEqual([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'reply 1' },
      { role: 'user', content: 'Again' },
    ]);
    expect(fetch.to('POST', '/v1/chat/completions')[0]!.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('has one Stream switch; off, the reply is asked for whole, without stream options', async () => {
    const { user, fetch } = setup(() => ({
      body: {
        choices: [{ index: 0, message: { role: 'assistant', content: 'whole' } }],
        usage: { prompt_tokens: 2, completion_tokens: 1, total_tokens: 3 },
      },
    }));
    await vi.waitFor(() => expect(screen.getByLabelText('Model')).toHaveValue('gpt'));
    await user.click(screen.getByText('Options'));
    expect(screen.getAllByRole('switch', { name: /stream/i })).toHaveLength(1);
    expect(screen.getAllByLabelText(/stream/i)).toHaveLength(1);
    await user.click(screen.getByRole('switch', { name: 'Stream' }));
    await say(user, 'Hi');
    await screen.findByText('whole');
    const body = fetch.to('POST', '/v1/chat/completions')[0]!.body as object;
    expect('stream' in body || 'stream_options' in body).toBe(false);
    expect(within(lastReply()).getByTestId('message-usage')).toHaveTextContent('3 total tokens');
  });
});
