/**
 * Reads a text/event-stream body and yields the data of each event (multi-line data joined with "\n").
 * Handles events split across chunks, CRLF line ends and comment lines; a trailing event without its blank line
 * is still delivered when the stream ends. An abort of `signal` throws its reason at once, even while a read waits
 * on a body that does not end (the stream is then cancelled).
 */
export async function* sseData(stream: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<string> {
  const reader = stream.getReader();
  const aborted = abortPromise(signal);
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  let finished = false;
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { done, value } = await (aborted ? Promise.race([reader.read(), aborted]) : reader.read());
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      let nl: number;
      while ((nl = buffer.search(/\r\n|\r|\n/)) >= 0) {
        if (!done && nl === buffer.length - 1 && buffer.endsWith('\r')) break; // maybe half of a CRLF
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + (buffer.startsWith('\r\n', nl) ? 2 : 1));
        if (line === '') {
          if (data.length) yield data.join('\n');
          data = [];
        } else if (line.startsWith('data:')) {
          data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
        }
        // other fields (event:, id:, retry:) and comments (":") are not used by chat completions
      }
      if (done) break;
    }
    finished = true;
    if (buffer.startsWith('data:')) data.push(buffer.slice(buffer.startsWith('data: ') ? 6 : 5));
    if (data.length) yield data.join('\n');
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined); // the consumer stopped early
    reader.releaseLock();
  }
}

/** A promise rejected with the signal's reason when it aborts; none without a signal. */
function abortPromise(signal: AbortSignal | undefined): Promise<never> | undefined {
  if (!signal) return undefined;
  const p = new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason as Error);
    else signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
  p.catch(() => undefined); // rejected while nobody reads: not an unhandled rejection
  return p;
}
