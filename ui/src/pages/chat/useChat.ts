import { useCallback, useEffect, useRef, useState } from 'react';
import type { AssistantMessage, ChatMessage, ToolCall } from '../../api/types';
import { streamChat } from '../../lib/chatStream';
import { maxToolIterations, promptPrefix, requestParams, tokenOf, toWire, type ChatParams } from './chatParams';
import { executeToolCall, mergeToolCalls, type ChatTools } from './toolCalls';
import { runToolLoop } from './toolLoop';

export interface ChatOptions {
  model: string;
  params: ChatParams;
  tools: ChatTools;
}

/**
 * One conversation: its messages (starting from a saved chat), the reply being streamed, and the last error.
 * `onSave` gets the conversation when a turn starts and when it ends.
 */
export function useChat(initial: ChatMessage[], onSave: (messages: ChatMessage[]) => void) {
  const [messages, setMessages] = useState<ChatMessage[]>(initial);
  const [streaming, setStreaming] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const abort = useRef<AbortController | null>(null);

  useEffect(() => () => abort.current?.abort(), []); // leaving the chat stops its reply

  const send = useCallback(
    async (text: string, opts: ChatOptions) => {
      const conversation: ChatMessage[] = [...messages, { role: 'user', content: text }];
      setMessages(conversation);
      onSave(conversation);
      setError(null);
      setStreaming(true);
      const controller = new AbortController();
      abort.current = controller;
      let latest = conversation;
      try {
        await runToolLoop({
          prefix: promptPrefix(opts.params),
          conversation,
          tools: opts.tools.tools,
          maxIterations: maxToolIterations(opts.params),
          complete: (request, tools, onPartial) =>
            complete(
              {
                model: opts.model,
                messages: toWire(request),
                ...requestParams(opts.params),
                ...(tools ? { tools } : {}),
              },
              tokenOf(opts.params),
              controller.signal,
              onPartial,
            ),
          execute: (call: ToolCall) => executeToolCall(call, opts.tools.routes, controller.signal),
          onChange: (next) => {
            latest = next;
            setMessages(next);
          },
        });
      } catch (e) {
        if (!(e instanceof DOMException && e.name === 'AbortError'))
          setError(e instanceof Error ? e : new Error(String(e)));
      } finally {
        setStreaming(false);
        if (abort.current === controller) abort.current = null;
        onSave(latest);
      }
    },
    [messages, onSave],
  );

  const stop = useCallback(() => abort.current?.abort(), []);
  return { messages, streaming, error, send, stop };
}

/** One completion request, folding the stream into the assistant message as it grows. */
async function complete(
  body: Parameters<typeof streamChat>[0]['body'],
  token: string | undefined,
  signal: AbortSignal,
  onPartial: (reply: AssistantMessage) => void,
): Promise<AssistantMessage> {
  let reply: AssistantMessage = { role: 'assistant', content: '' };
  for await (const delta of streamChat({ body, token, signal })) {
    const calls = delta.toolCalls ? mergeToolCalls(reply.tool_calls ?? [], delta.toolCalls) : reply.tool_calls;
    reply = {
      role: 'assistant',
      content: reply.content + (delta.content ?? ''),
      ...(calls ? { tool_calls: calls } : {}),
    };
    onPartial(reply);
  }
  return reply;
}
