import type { AssistantMessage, ChatMessage, ToolCall, ToolDefinition } from '../../api/types';

/** Added to the last request once the tool rounds are used up (ui.md §8.1). */
export const FINAL_ANSWER_PROMPT =
  'You have reached the maximum number of tool calls. Answer the user now with the information you have, ' +
  'without calling any tools.';

export interface ToolLoop {
  /** Sent before the conversation on every request (the system prompt); never stored. */
  prefix: ChatMessage[];
  /** The stored conversation, ending with the new user message. */
  conversation: ChatMessage[];
  /** The selected tools; none means one plain request. */
  tools: ToolDefinition[];
  /** Rounds of tool calls before the model must answer without tools. */
  maxIterations: number;
  /** One completion request; reports the reply as it grows. */
  complete(
    messages: ChatMessage[],
    tools: ToolDefinition[] | undefined,
    onPartial: (reply: AssistantMessage) => void,
  ): Promise<AssistantMessage>;
  /** Runs one tool call and gives the tool message's content. May only throw on abort. */
  execute(call: ToolCall): Promise<string>;
  /** The stored conversation after every change, for display and saving. */
  onChange(conversation: ChatMessage[]): void;
}

/**
 * Sends the conversation and, while the model answers with tool calls, runs them in parallel, appends the
 * assistant message and one `tool` message per call, and asks again. After `maxIterations` rounds the next request
 * goes without tools and with FINAL_ANSWER_PROMPT. Returns the final conversation; on failure the conversation is
 * left consistent (no empty reply, no tool calls without results) and the error is thrown.
 */
export async function runToolLoop(loop: ToolLoop): Promise<ChatMessage[]> {
  let conversation = loop.conversation;
  const update = (next: ChatMessage[]) => {
    conversation = next;
    loop.onChange(next);
  };
  const hasTools = loop.tools.length > 0;
  try {
    for (let round = 0; ; round++) {
      const withTools = hasTools && round < loop.maxIterations;
      const final = hasTools && round > 0 && !withTools;
      const before = conversation;
      const request = [
        ...loop.prefix,
        ...before,
        ...(final ? [{ role: 'system' as const, content: FINAL_ANSWER_PROMPT }] : []),
      ];
      update([...before, { role: 'assistant', content: '' }]);
      const reply = await loop.complete(request, withTools ? loop.tools : undefined, (partial) =>
        update([...before, partial]),
      );
      // calls outside a tools request are not run, so they are not kept either
      const calls = withTools ? (reply.tool_calls ?? []) : [];
      update([...before, calls.length ? reply : withoutCalls(reply)]);
      if (!calls.length) return conversation;
      const results = await Promise.all(calls.map((c) => loop.execute(c)));
      update([
        ...conversation,
        ...calls.map((c, i): ChatMessage => ({ role: 'tool', tool_call_id: c.id, content: results[i] ?? '' })),
      ]);
    }
  } catch (e) {
    update(settle(conversation));
    throw e;
  }
}

/** The message without its tool calls; anything else it carries (such as its usage) stays. */
function withoutCalls(m: AssistantMessage): AssistantMessage {
  const copy = { ...m };
  delete copy.tool_calls;
  return copy;
}

/** Drops an empty trailing reply and the tool calls of a trailing reply whose results never came. */
function settle(conversation: ChatMessage[]): ChatMessage[] {
  const last = conversation.at(-1);
  if (last?.role !== 'assistant') return conversation;
  const rest = conversation.slice(0, -1);
  return last.content ? [...rest, withoutCalls(last)] : rest;
}
