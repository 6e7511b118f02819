import { describe, expect, it, vi } from 'vitest';
import type { AssistantMessage, ChatMessage, ToolCall, ToolDefinition } from '../../api/types';
import { FINAL_ANSWER_PROMPT, runToolLoop, type ToolLoop } from './toolLoop';

const tool: ToolDefinition = {
  type: 'function',
  function: { name: 'toolset__exa__search', description: 'search', parameters: {} },
};
const call = (id: string): ToolCall => ({
  id,
  type: 'function',
  function: { name: 'toolset__exa__search', arguments: `{"query":"${id}"}` },
});
const callsReply = (...ids: string[]): AssistantMessage => ({
  role: 'assistant',
  content: '',
  tool_calls: ids.map(call),
});
const answer = (content: string): AssistantMessage => ({ role: 'assistant', content });
const user: ChatMessage = { role: 'user', content: 'Find it' };

function loop(replies: AssistantMessage[], overrides: Partial<ToolLoop> = {}) {
  const requests: { messages: ChatMessage[]; tools: ToolDefinition[] | undefined }[] = [];
  const complete = vi.fn(async (messages: ChatMessage[], tools: ToolDefinition[] | undefined) => {
    requests.push({ messages, tools });
    const reply = replies.shift();
    if (!reply) throw new Error('no more replies');
    return reply;
  });
  const execute = vi.fn(async (c: ToolCall) => JSON.stringify({ result: c.id }));
  const onChange = vi.fn();
  const run = runToolLoop({
    prefix: [{ role: 'system', content: 'Be brief.' }],
    conversation: [user],
    tools: [tool],
    maxIterations: 5,
    complete,
    execute,
    onChange,
    ...overrides,
  });
  return { run, requests, execute, onChange };
}

describe('runToolLoop', () => {
  it('runs the calls in parallel, sends their results back, and stops at a plain answer', async () => {
    const { run, requests, execute } = loop([callsReply('a', 'b'), answer('Done.')]);
    const conversation = await run;
    expect(execute.mock.calls.map(([c]) => c.id)).toEqual(['a', 'b']);
    expect(requests).toHaveLength(2);
    expect(requests[0]!.messages).toEqual([{ role: 'system', content: 'Be brief.' }, user]);
    expect(requests[0]!.tools).toEqual([tool]);
    expect(requests[1]!.messages.slice(1)).toEqual([
      user,
      callsReply('a', 'b'),
      { role: 'tool', tool_call_id: 'a', content: '{"result":"a"}' },
      { role: 'tool', tool_call_id: 'b', content: '{"result":"b"}' },
    ]);
    expect(requests[1]!.tools).toEqual([tool]);
    expect(conversation.at(-1)).toEqual(answer('Done.'));
    expect(conversation.filter((m) => m.role === 'system')).toEqual([]); // the prefix is never stored
  });

  it('after the last round asks for an answer without tools', async () => {
    const { run, requests, execute } = loop([callsReply('1'), callsReply('2'), callsReply('3')], {
      maxIterations: 2,
    });
    const conversation = await run;
    expect(requests).toHaveLength(3);
    expect(execute).toHaveBeenCalledTimes(2);
    expect(requests.map((r) => r.tools)).toEqual([[tool], [tool], undefined]);
    expect(requests[2]!.messages.at(-1)).toEqual({ role: 'system', content: FINAL_ANSWER_PROMPT });
    expect(requests[1]!.messages.some((m) => m.content === FINAL_ANSWER_PROMPT)).toBe(false);
    // the calls of the no-tools answer are neither run nor kept
    expect(conversation.at(-1)).toEqual({ role: 'assistant', content: '' });
  });

  it('sends one plain request when no tools are selected', async () => {
    const { run, requests } = loop([callsReply('x')], { tools: [] });
    await run;
    expect(requests).toHaveLength(1);
    expect(requests[0]!.tools).toBeUndefined();
    expect(requests[0]!.messages.at(-1)).toEqual(user);
  });

  it('drops an empty reply on failure and keeps the conversation consistent', async () => {
    const { run, onChange } = loop([]);
    await expect(run).rejects.toThrow('no more replies');
    expect(onChange.mock.calls.at(-1)![0]).toEqual([user]);
  });
});
