import { useCallback, useRef, useState } from 'react';
import type { ChatMessage } from '../../api/types';
import { streamChat } from '../../lib/chatStream';

export interface ChatOptions {
  model: string;
  systemPrompt?: string;
  token?: string;
}

/** One conversation: the messages, the reply being streamed, and the last error. */
export function useChat() {
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [streaming, setStreaming] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const abort = useRef<AbortController | null>(null);

  const send = useCallback(
    async (text: string, opts: ChatOptions) => {
      const history: ChatMessage[] = [...messages, { role: 'user', content: text }];
      const request = opts.systemPrompt
        ? [{ role: 'system' as const, content: opts.systemPrompt }, ...history]
        : history;
      setMessages([...history, { role: 'assistant', content: '' }]);
      setError(null);
      setStreaming(true);
      const controller = new AbortController();
      abort.current = controller;
      let reply = '';
      try {
        for await (const piece of streamChat({
          model: opts.model,
          messages: request,
          signal: controller.signal,
          token: opts.token,
        })) {
          reply += piece;
          const content = reply;
          setMessages((m) => [...m.slice(0, -1), { role: 'assistant', content }]);
        }
      } catch (e) {
        if (!(e instanceof DOMException && e.name === 'AbortError'))
          setError(e instanceof Error ? e : new Error(String(e)));
        if (!reply) setMessages((m) => m.slice(0, -1)); // drop the empty reply bubble
      } finally {
        setStreaming(false);
        abort.current = null;
      }
    },
    [messages],
  );

  const stop = useCallback(() => abort.current?.abort(), []);
  const reset = useCallback(() => {
    abort.current?.abort();
    setMessages([]);
    setError(null);
  }, []);

  return { messages, streaming, error, send, stop, reset };
}
