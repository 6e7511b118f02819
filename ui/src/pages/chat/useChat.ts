import { useCallback, useEffect, useRef, useState } from 'react';
import type { ToolCall } from '../../api/types';
import { streamChat, type Usage } from '../../lib/chatStream';
import { maxToolIterations, promptPrefix, requestParams, tokenOf, toWire, type ChatParams } from './chatParams';
import { executeToolCall, mergeToolCalls, type ChatTools } from './toolCalls';
import { runToolLoop } from './toolLoop';
import { lastUserIndex, markStopped, type ChatTurn, type Reply } from './turns';

export interface ChatOptions {
  model: string;
  params: ChatParams;
  tools: ChatTools;
}

// by name: an abort reason can come from another realm's DOMException (a test environment's, a worker's)
const isAbort = (e: unknown) => (e as { name?: unknown } | null)?.name === 'AbortError';

/**
 * One conversation: its messages (starting from a saved chat), the reply being streamed, and the last error.
 * `onSave` gets the conversation when a turn starts and when it ends. A new turn can start from a new message, from
 * the last user message again (regenerate, retry), or from an edited user message; what followed it is replaced.
 */
export function useChat(initial: ChatTurn[], onSave: (messages: ChatTurn[]) => void) {
  const [messages, setMessagesState] = useState<ChatTurn[]>(initial);
  const [streaming, setStreaming] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const abort = useRef<AbortController | null>(null);
  const stoppedByUser = useRef(false);
  // the latest messages, for actions started from handlers that were created before the last change
  const current = useRef(initial);
  const setMessages = useCallback((next: ChatTurn[]) => {
    current.current = next;
    setMessagesState(next);
  }, []);

  useEffect(() => () => abort.current?.abort(), []); // leaving the chat stops its reply

  /** Asks for the reply to `conversation`, which ends with a user message. */
  const run = useCallback(
    async (conversation: ChatTurn[], opts: ChatOptions) => {
      if (abort.current) return; // one reply at a time
      setMessages(conversation);
      onSave(conversation);
      setError(null);
      setStreaming(true);
      const controller = new AbortController();
      abort.current = controller;
      stoppedByUser.current = false;
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
        if (!isAbort(e)) setError(e instanceof Error ? e : new Error(String(e)));
        else if (stoppedByUser.current) {
          latest = markStopped(latest);
          setMessages(latest);
        }
      } finally {
        setStreaming(false);
        if (abort.current === controller) abort.current = null;
        onSave(latest);
      }
    },
    [onSave, setMessages],
  );

  const send = useCallback(
    (text: string, opts: ChatOptions) => run([...current.current, { role: 'user', content: text }], opts),
    [run],
  );

  /** Asks again for the reply to the last user message: regenerate, or retry after an error. */
  const regenerate = useCallback(
    (opts: ChatOptions) => {
      const i = lastUserIndex(current.current);
      return i < 0 ? Promise.resolve() : run(current.current.slice(0, i + 1), opts);
    },
    [run],
  );

  /** Replaces user message `index` with `text` and asks again; the conversation after it is dropped. */
  const edit = useCallback(
    (index: number, text: string, opts: ChatOptions) =>
      run([...current.current.slice(0, index), { role: 'user', content: text }], opts),
    [run],
  );

  const stop = useCallback(() => {
    stoppedByUser.current = true;
    abort.current?.abort();
  }, []);
  return { messages, streaming, error, send, regenerate, edit, stop };
}

/** One completion request, folding the stream into the assistant message as it grows. */
async function complete(
  body: Parameters<typeof streamChat>[0]['body'],
  token: string | undefined,
  signal: AbortSignal,
  onPartial: (reply: Reply) => void,
): Promise<Reply> {
  let reply: Reply = { role: 'assistant', content: '' };
  let usage: Usage | undefined;
  for await (const delta of streamChat({ body, token, signal })) {
    const calls = delta.toolCalls ? mergeToolCalls(reply.tool_calls ?? [], delta.toolCalls) : reply.tool_calls;
    usage = delta.usage ?? usage;
    reply = {
      role: 'assistant',
      content: reply.content + (delta.content ?? ''),
      ...(calls ? { tool_calls: calls } : {}),
      ...(usage ? { usage } : {}),
    };
    onPartial(reply);
  }
  return reply;
}
