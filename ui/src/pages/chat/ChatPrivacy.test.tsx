import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { chatKeys } from '../../lib/chatKeys';
import { baseRoutes, hostedInfo, sessionUser } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const models = { 'GET /v1/models': { body: { object: 'list', data: [] } } };
const chat = (id: string, title: string) => ({
  id,
  title,
  createdAt: 1,
  updatedAt: 1,
  messages: [{ role: 'user', content: title }],
});

describe('chat history privacy', () => {
  it('shows only the signed-in user’s chats in this org and removes the old shared history', async () => {
    const alice = chatKeys({ org: 'acme', userId: 'id-alice' });
    const bob = chatKeys({ org: 'acme', userId: 'id-bob' });
    const aliceGlobex = chatKeys({ org: 'globex', userId: 'id-alice' });
    localStorage.setItem(alice.chats, JSON.stringify([chat('a', 'Alice at acme')]));
    localStorage.setItem(bob.chats, JSON.stringify([chat('b', 'Bob at acme')]));
    localStorage.setItem(aliceGlobex.chats, JSON.stringify([chat('g', 'Alice at globex')]));
    localStorage.setItem('bodhi-chats', JSON.stringify([chat('old', 'Shared old chat')]));
    localStorage.setItem('bodhi-chat-current', 'old');

    renderApp('/ui/chat', { ...baseRoutes({ user: sessionUser('resource_user', 'bob') }), ...models });
    const history = await screen.findByRole('navigation', { name: 'Chat history' });
    expect(within(history).getByRole('button', { name: 'Bob at acme' })).toBeInTheDocument();
    for (const other of ['Alice at acme', 'Alice at globex', 'Shared old chat'])
      expect(within(history).queryByText(other)).not.toBeInTheDocument();
    expect(localStorage.getItem('bodhi-chats')).toBeNull();
    expect(localStorage.getItem('bodhi-chat-current')).toBeNull();
    expect(localStorage.getItem(alice.chats)).not.toBeNull(); // other people's chats are theirs to keep
  });
});

describe('model picker without models', () => {
  it('links a power user (and above) to adding an API model', async () => {
    renderApp('/ui/chat', { ...baseRoutes({ user: sessionUser('resource_power_user') }), ...models });
    const link = await screen.findByRole('link', { name: 'Add an API model' });
    expect(link).toHaveAttribute('href', '/ui/api-models/new');
    // standalone: a local model is the other way in
    expect(screen.getByRole('link', { name: 'download a local model' })).toHaveAttribute('href', '/ui/pull');
    expect(screen.getByLabelText('Model')).toHaveAccessibleDescription(/No models yet/);
  });

  it('offers no download on a hosted server', async () => {
    renderApp('/ui/chat', { ...baseRoutes({ info: hostedInfo, user: sessionUser('resource_power_user') }), ...models });
    await screen.findByRole('link', { name: 'Add an API model' });
    expect(screen.queryByRole('link', { name: 'download a local model' })).not.toBeInTheDocument();
  });

  it('tells a plain user whom to ask', async () => {
    renderApp('/ui/chat', { ...baseRoutes({ user: sessionUser('resource_user', 'bob') }), ...models });
    expect(
      await screen.findByText(
        /Ask an admin, manager or power user of this Bodhi server to add an API model or download a local model\./,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Add an API model' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
  });

  it('names the organisation as where to ask on a hosted server', async () => {
    renderApp('/ui/chat', {
      ...baseRoutes({ info: hostedInfo, user: sessionUser('resource_user', 'bob') }),
      ...models,
    });
    expect(
      await screen.findByText(/Ask an admin, manager or power user of this organisation to add an API model\./),
    ).toBeInTheDocument();
  });
});
