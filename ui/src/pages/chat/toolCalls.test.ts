import { describe, expect, it } from 'vitest';
import type { AppToolsetConfig, Toolset, ToolsetDefinition } from '../../api/types';
import { errorReply, mockFetch } from '../../test/fetchMock';
import { buildChatTools, executeToolCall, mergeToolCalls, toolName } from './toolCalls';

const def = (name: string) => ({ type: 'function' as const, function: { name, description: name, parameters: {} } });
const exaDef: ToolsetDefinition = {
  toolset_type: 'builtin-exa-search',
  name: 'Exa Web Search',
  description: 'web',
  tools: [def('search'), def('answer')],
};
const config: AppToolsetConfig = {
  toolset_type: 'builtin-exa-search',
  name: 'Exa Web Search',
  description: 'web',
  enabled: true,
  updated_by: 'system',
  created_at: '',
  updated_at: '',
};
const instance = (id: string, slug: string, extra: Partial<Toolset> = {}): Toolset => ({
  id,
  slug,
  toolset_type: 'builtin-exa-search',
  enabled: true,
  has_api_key: true,
  tools: [],
  created_at: '',
  updated_at: '',
  ...extra,
});

describe('tool calls', () => {
  it('names tools toolset__<slug>__<method> and routes them to the instance id', () => {
    const { tools, routes } = buildChatTools(
      [instance('ts-1', 'exa'), instance('ts-2', 'off', { enabled: false })],
      [config],
      [exaDef],
      { 'ts-1': ['search'], 'ts-2': ['search'] },
    );
    expect(tools).toEqual([
      { ...def('search'), function: { ...def('search').function, name: 'toolset__exa__search' } },
    ]);
    expect(routes.get(toolName('exa', 'search'))).toEqual({ toolsetId: 'ts-1', slug: 'exa', method: 'search' });
    expect(
      buildChatTools([instance('ts-1', 'exa')], [{ ...config, enabled: false }], [exaDef], { 'ts-1': ['search'] })
        .tools,
    ).toEqual([]);
  });

  it('merges streamed pieces by index', () => {
    let calls = mergeToolCalls(
      [],
      [{ index: 0, id: 'c0', type: 'function', function: { name: 'a', arguments: '{"q' } }],
    );
    calls = mergeToolCalls(calls, [
      { index: 1, id: 'c1', function: { name: 'b', arguments: '' } },
      { index: 0, function: { arguments: '":1}' } },
    ]);
    calls = mergeToolCalls(calls, [{ index: 1, function: { arguments: '{}' } }]);
    expect(calls).toEqual([
      { id: 'c0', type: 'function', function: { name: 'a', arguments: '{"q":1}' } },
      { id: 'c1', type: 'function', function: { name: 'b', arguments: '{}' } },
    ]);
  });

  it('executes through the mapped instance and turns every failure into a readable result', async () => {
    const fetch = mockFetch({
      'POST /bodhi/v1/toolsets/ts-1/execute/search': { body: { result: { results: [{ title: 'T' }] } } },
      'POST /bodhi/v1/toolsets/ts-1/execute/answer': { body: { error: 'Exa said no' } },
      'POST /bodhi/v1/toolsets/ts-2/execute/search': errorReply(400, 'toolset_error-toolset_disabled', 'disabled'),
    });
    const routes = new Map([
      ['toolset__exa__search', { toolsetId: 'ts-1', slug: 'exa', method: 'search' }],
      ['toolset__exa__answer', { toolsetId: 'ts-1', slug: 'exa', method: 'answer' }],
      ['toolset__off__search', { toolsetId: 'ts-2', slug: 'off', method: 'search' }],
    ]);
    const call = (name: string, args: string) => ({
      id: 'c',
      type: 'function' as const,
      function: { name, arguments: args },
    });
    expect(await executeToolCall(call('toolset__exa__search', '{"query":"q"}'), routes)).toBe(
      '{"results":[{"title":"T"}]}',
    );
    expect(fetch.to('POST', '/bodhi/v1/toolsets/ts-1/execute/search')[0]!.body).toEqual({ params: { query: 'q' } });
    expect(await executeToolCall(call('toolset__exa__answer', '{}'), routes)).toBe('{"error":"Exa said no"}');
    expect(await executeToolCall(call('toolset__off__search', '{}'), routes)).toBe('{"error":"disabled"}');
    expect(await executeToolCall(call('toolset__exa__search', '{bad'), routes)).toBe(
      '{"error":"The tool arguments are not valid JSON."}',
    );
    expect(await executeToolCall(call('nope', '{}'), routes)).toBe('{"error":"Unknown tool nope."}');
    expect(fetch.calls).toHaveLength(3);
  });
});
