import { screen, within } from '@testing-library/react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { baseRoutes } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { sseResponse, sseText } from '../../test/sse';
import { chatKeys } from '../../lib/chatKeys';

// baseRoutes: alice (user id id-alice) at acme
const CHATS_KEY = chatKeys({ org: 'acme', userId: 'id-alice' }).chats;

// Replies render through the lazily loaded Markdown chunk (KaTeX, highlight.js): load it once up front, so
// waits for reply text do not also time the first import on a busy machine.
beforeAll(() => import('./Markdown'));

const models = {
  'GET /v1/models': {
    body: { object: 'list', data: [{ id: 'gpt', object: 'model', created: 1, owned_by: 'x' }] },
  },
};

function setup(first = 1) {
  let n = first - 1;
  return renderApp('/ui/chat', {
    ...baseRoutes(),
    ...models,
    'POST /v1/chat/completions': () => sseText(`answer ${++n}`),
  });
}

const history = () => screen.getByRole('navigation', { name: 'Chat history' });
const titles = () =>
  within(history())
    .queryAllByTestId('chat-history-item')
    .map((li) => within(li).getAllByRole('button')[0]!.textContent);

async function say(user: ReturnType<typeof setup>['user'], text: string, reply: string) {
  await vi.waitFor(() => expect(screen.getByLabelText('Model')).toHaveValue('gpt'));
  await user.type(screen.getByLabelText('Message'), `${text}{Enter}`);
  await screen.findByText(reply);
}

describe('chat history', () => {
  it('saves chats, starts new ones, switches between them and deletes them', async () => {
    const { user } = setup();
    await screen.findByRole('navigation', { name: 'Chat history' });
    expect(within(history()).getByText('No saved chats yet.')).toBeInTheDocument();
    await say(user, 'First question', 'answer 1');
    expect(titles()).toEqual(['First question']);

    await user.click(within(history()).getByRole('button', { name: 'New chat' }));
    expect(screen.getByText('Send a message to start.')).toBeInTheDocument();
    await say(user, 'Second question', 'answer 2');
    expect(titles()).toEqual(['Second question', 'First question']);
    expect(within(history()).getByRole('button', { name: 'Second question' })).toHaveAttribute('aria-current', 'true');

    await user.click(within(history()).getByRole('button', { name: 'First question' }));
    expect(screen.getByTestId('message-user')).toHaveTextContent('First question');
    expect(screen.getByText('answer 1')).toBeInTheDocument();
    expect(screen.queryByText('answer 2')).not.toBeInTheDocument();

    await user.click(within(history()).getByRole('button', { name: 'Delete chat First question' }));
    expect(titles()).toEqual(['Second question']);
    expect(screen.getByText('Send a message to start.')).toBeInTheDocument();
    const stored = JSON.parse(localStorage.getItem(CHATS_KEY)!) as { title: string }[];
    expect(stored.map((c) => c.title)).toEqual(['Second question']);
  });

  it('keeps the current conversation across a reload', async () => {
    const first = setup();
    await say(first.user, 'Remember me', 'answer 1');
    first.unmount();

    const { user, fetch } = setup(2);
    expect(await screen.findByText('answer 1')).toBeInTheDocument();
    expect(screen.getByTestId('message-user')).toHaveTextContent('Remember me');
    await say(user, 'And then?', 'answer 2');
    expect(fetch.to('POST', '/v1/chat/completions')[0]!.body).toMatchObject({
      messages: [
        { role: 'user', content: 'Remember me' },
        { role: 'assistant', content: 'answer 1' },
        { role: 'user', content: 'And then?' },
      ],
    });
  });

  it('does not bring a deleted chat back when its reply ends', async () => {
    const sse = sseResponse();
    const { user } = renderApp('/ui/chat', {
      ...baseRoutes(),
      ...models,
      'POST /v1/chat/completions': () => sse.response,
    });
    await vi.waitFor(() => expect(screen.getByLabelText('Model')).toHaveValue('gpt'));
    await user.type(screen.getByLabelText('Message'), 'Long answer please{Enter}');
    sse.delta('Part one');
    await screen.findByText('Part one');
    expect(titles()).toEqual(['Long answer please']);
    await user.click(within(history()).getByRole('button', { name: 'Delete chat Long answer please' }));
    expect(screen.getByText('Send a message to start.')).toBeInTheDocument();
    // the mock's body ignores the abort, as a slow network might: the reply still ends afterwards
    sse.delta(' and two');
    sse.finish();
    await new Promise((r) => setTimeout(r, 50));
    expect(within(history()).getByText('No saved chats yet.')).toBeInTheDocument();
    expect(localStorage.getItem(CHATS_KEY)).toBe('[]');
  });
});
