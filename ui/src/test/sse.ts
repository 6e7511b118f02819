/** An SSE response whose chunks the test pushes one at a time. */
export function sseResponse() {
  const enc = new TextEncoder();
  let ctrl!: ReadableStreamDefaultController<Uint8Array>;
  // after the reader cancels (the user stopped the reply), later pushes are dropped as a server's would be
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      ctrl = c;
    },
    cancel() {
      cancelled = true;
    },
  });
  const enqueue = (bytes: Uint8Array) => {
    if (!cancelled) ctrl.enqueue(bytes);
  };
  const chunk = (delta: unknown) =>
    enqueue(
      enc.encode(`data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta }] })}\n\n`),
    );
  return {
    response: new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } }),
    delta(content: string) {
      chunk({ content });
    },
    /** A streamed piece of tool call `index`. */
    toolCall(index: number, piece: { id?: string; name?: string; arguments?: string }) {
      chunk({
        tool_calls: [
          {
            index,
            ...(piece.id ? { id: piece.id, type: 'function' } : {}),
            function: { ...(piece.name ? { name: piece.name } : {}), arguments: piece.arguments ?? '' },
          },
        ],
      });
    },
    raw(text: string) {
      enqueue(enc.encode(text));
    },
    /** The final chunk OpenAI sends when asked for `stream_options.include_usage`: no choices, only the usage. */
    usage(prompt: number, completion: number) {
      enqueue(
        enc.encode(
          `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion } })}\n\n`,
        ),
      );
    },
    finish() {
      if (cancelled) return;
      ctrl.enqueue(enc.encode('data: [DONE]\n\n'));
      ctrl.close();
    },
  };
}

/** A whole streamed reply of text pieces, already finished. */
export function sseText(...pieces: string[]): Response {
  const sse = sseResponse();
  pieces.forEach((p) => sse.delta(p));
  sse.finish();
  return sse.response;
}
