import { screen, within } from '@testing-library/react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppToolsetConfig, Toolset, ToolsetDefinition } from '../../api/types';
import type { MockRequest, Routes } from '../../test/fetchMock';
import { baseRoutes } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { sseResponse, sseText } from '../../test/sse';
import { FINAL_ANSWER_PROMPT } from './toolLoop';

// Replies render through the lazily loaded Markdown chunk (KaTeX, highlight.js): load it once up front, so
// waits for reply text do not also time the first import on a busy machine.
beforeAll(() => import('./Markdown'));

const fn = (name: string, description: string) => ({
  type: 'function' as const,
  function: {
    name,
    description,
    parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
  },
});
const exaDefinition: ToolsetDefinition = {
  toolset_type: 'builtin-exa-search',
  name: 'Exa Web Search',
  description: 'Search and analyze web content using Exa AI',
  tools: [fn('search', 'Search the web.'), fn('answer', 'Answer a question.')],
};
const exaConfig: AppToolsetConfig = {
  toolset_type: 'builtin-exa-search',
  name: 'Exa Web Search',
  description: 'Search and analyze web content using Exa AI',
  enabled: true,
  updated_by: 'admin',
  created_at: '2024-11-10T04:52:06Z',
  updated_at: '2024-11-10T04:52:06Z',
};
const instance = (id: string, slug: string, extra: Partial<Toolset> = {}): Toolset => ({
  id,
  slug,
  toolset_type: 'builtin-exa-search',
  enabled: true,
  has_api_key: true,
  tools: [],
  created_at: '2024-11-10T04:52:06Z',
  updated_at: '2024-11-10T04:52:06Z',
  ...extra,
});
const searchResult = { results: [{ title: 'Bodhi App', url: 'https://getbodhi.app', snippet: 'Run LLMs locally' }] };

function setup(completions: (req: MockRequest) => Response, extra: Routes = {}) {
  return renderApp('/ui/chat', {
    ...baseRoutes(),
    'GET /v1/models': { body: { object: 'list', data: [{ id: 'gpt', object: 'model', created: 1, owned_by: 'x' }] } },
    'GET /bodhi/v1/toolsets': {
      body: {
        toolsets: [instance('ts-1', 'exa'), instance('ts-2', 'exa-off', { enabled: false })],
        toolset_types: [exaConfig],
      },
    },
    'GET /bodhi/v1/toolset_types': { body: { types: [exaDefinition] } },
    'POST /bodhi/v1/toolsets/ts-1/execute/search': { body: { result: searchResult } },
    'POST /v1/chat/completions': completions,
    ...extra,
  });
}

async function chooseSearch(user: ReturnType<typeof setup>['user']) {
  await vi.waitFor(() => expect(screen.getByLabelText('Model')).toHaveValue('gpt'));
  const trigger = screen.getByRole('button', { name: 'Tools' });
  expect(trigger).toHaveAttribute('aria-expanded', 'false');
  await user.click(trigger);
  expect(trigger).toHaveAttribute('aria-expanded', 'true');
  const popover = screen.getByRole('group', { name: 'Toolsets' });
  const exa = await within(popover).findByRole('group', { name: 'exa' });
  const off = within(popover).getByRole('group', { name: 'exa-off' });
  expect(within(off).getByText('Disabled')).toBeInTheDocument();
  for (const box of within(off).getAllByRole('checkbox')) expect(box).toBeDisabled();
  await user.click(within(exa).getByRole('checkbox', { name: 'search' }));
  expect(within(exa).getByRole('checkbox', { name: 'answer' })).not.toBeChecked();
  await user.keyboard('{Escape}');
  expect(screen.queryByRole('group', { name: 'Toolsets' })).not.toBeInTheDocument();
  expect(screen.getByRole('button', { name: 'Tools (1)' })).toHaveFocus();
}

describe('chat tool calls', () => {
  it('runs a streamed tool call through its toolset and sends the result back', async () => {
    const { user, fetch } = setup((req) => {
      const body = req.body as { messages: { role: string }[] };
      if (body.messages.at(-1)!.role === 'tool') return sseText('Bodhi is ', '**an LLM gateway**.');
      const sse = sseResponse();
      sse.toolCall(0, { id: 'call_1', name: 'toolset__exa__search', arguments: '{"que' });
      sse.toolCall(0, { arguments: 'ry":"bodhi"}' });
      sse.finish();
      return sse.response;
    });
    await chooseSearch(user);
    await user.type(screen.getByLabelText('Message'), 'What is Bodhi?{Enter}');

    expect(await screen.findByText('an LLM gateway')).toContainHTML('<strong>an LLM gateway</strong>');
    const requests = fetch.to('POST', '/v1/chat/completions');
    expect(requests).toHaveLength(2);
    expect(requests[0]!.body).toMatchObject({
      messages: [{ role: 'user', content: 'What is Bodhi?' }],
      tools: [{ type: 'function', function: { ...exaDefinition.tools[0]!.function, name: 'toolset__exa__search' } }],
    });
    const executed = fetch.to('POST', '/bodhi/v1/toolsets/ts-1/execute/search');
    expect(executed).toHaveLength(1);
    expect(executed[0]!.body).toEqual({ params: { query: 'bodhi' } });
    expect(requests[1]!.body).toMatchObject({
      messages: [
        { role: 'user', content: 'What is Bodhi?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'toolset__exa__search', arguments: '{"query":"bodhi"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: JSON.stringify(searchResult) },
      ],
      tools: [{ function: { name: 'toolset__exa__search' } }],
    });

    const call = screen.getByTestId('tool-call');
    expect(call).toHaveTextContent('toolset__exa__search');
    expect(call).toHaveTextContent('done');
    expect(within(call).getByTestId('tool-result')).toHaveTextContent('"title": "Bodhi App"');
  });

  it('stops after max tool iterations and asks for an answer without tools', async () => {
    const { user, fetch } = setup((req) => {
      const body = req.body as { tools?: unknown[] };
      if (!body.tools)
        return new Response(
          JSON.stringify({
            choices: [{ index: 0, message: { role: 'assistant', content: 'Final answer, no tools.' } }],
          }),
          { headers: { 'Content-Type': 'application/json' } },
        );
      const n = fetch.to('POST', '/v1/chat/completions').length;
      const message = {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: `call_${n}`, type: 'function', function: { name: 'toolset__exa__search', arguments: '{"query":"q"}' } },
        ],
      };
      return new Response(JSON.stringify({ choices: [{ index: 0, message }] }), {
        headers: { 'Content-Type': 'application/json' },
      });
    });
    await chooseSearch(user);
    await user.click(screen.getByText('Options'));
    await user.click(screen.getByRole('switch', { name: 'Stream' }));
    const max = screen.getByLabelText('Max tool iterations');
    await user.clear(max);
    await user.type(max, '2');
    await user.type(screen.getByLabelText('Message'), 'Keep searching{Enter}');

    expect(await screen.findByText('Final answer, no tools.')).toBeInTheDocument();
    const requests = fetch.to('POST', '/v1/chat/completions');
    expect(requests).toHaveLength(3);
    expect(fetch.to('POST', '/bodhi/v1/toolsets/ts-1/execute/search')).toHaveLength(2);
    expect(requests.map((r) => 'tools' in (r.body as object))).toEqual([true, true, false]);
    expect(requests.every((r) => !('stream' in (r.body as object)))).toBe(true);
    const last = (requests[2]!.body as { messages: { role: string; content: unknown }[] }).messages;
    expect(last.at(-1)).toEqual({ role: 'system', content: FINAL_ANSWER_PROMPT });
    expect(last.filter((m) => m.role === 'tool')).toHaveLength(2);
    expect(screen.getAllByTestId('tool-call')).toHaveLength(2);
  });

  it('passes a failed execution to the model as an error result', async () => {
    const { user, fetch } = setup(
      (req) => {
        const body = req.body as { messages: { role: string }[] };
        if (body.messages.at(-1)!.role === 'tool') return sseText('Search is unavailable.');
        const sse = sseResponse();
        sse.toolCall(0, { id: 'call_1', name: 'toolset__exa__search', arguments: '{"query":"x"}' });
        sse.finish();
        return sse.response;
      },
      {
        'POST /bodhi/v1/toolsets/ts-1/execute/search': {
          status: 400,
          body: {
            error: {
              message: 'Toolset is disabled.',
              type: 'invalid_request_error',
              code: 'toolset_error-toolset_disabled',
            },
          },
        },
      },
    );
    await chooseSearch(user);
    await user.type(screen.getByLabelText('Message'), 'Search{Enter}');
    expect(await screen.findByText('Search is unavailable.')).toBeInTheDocument();
    const second = fetch.to('POST', '/v1/chat/completions')[1]!.body as { messages: unknown[] };
    expect(second.messages.at(-1)).toEqual({
      role: 'tool',
      tool_call_id: 'call_1',
      content: '{"error":"Toolset is disabled."}',
    });
    expect(screen.getByTestId('tool-call')).toHaveTextContent('failed');
  });
});
