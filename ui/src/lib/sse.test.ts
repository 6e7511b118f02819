import { describe, expect, it } from 'vitest';
import { sseData } from './sse';

function streamOf(...chunks: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(c) {
      chunks.forEach((s) => c.enqueue(enc.encode(s)));
      c.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>) {
  const out: string[] = [];
  for await (const d of sseData(stream)) out.push(d);
  return out;
}

describe('sseData', () => {
  it('yields each event, also when split across chunks', async () => {
    expect(await collect(streamOf('data: {"a":1}\n\nda', 'ta: {"a":2}\n', '\ndata: [DONE]\n\n'))).toEqual([
      '{"a":1}',
      '{"a":2}',
      '[DONE]',
    ]);
  });

  it('handles CRLF, including one split between chunks', async () => {
    expect(await collect(streamOf('data: one\r', '\n\r\ndata: two\r\n\r\n'))).toEqual(['one', 'two']);
  });

  it('joins multi-line data and skips comments and other fields', async () => {
    expect(await collect(streamOf(': keep-alive\n\nevent: x\nid: 1\ndata: a\ndata: b\n\n'))).toEqual(['a\nb']);
  });

  it('delivers a last event without its blank line', async () => {
    expect(await collect(streamOf('data: last'))).toEqual(['last']);
  });

  it('decodes multi-byte characters split across chunks', async () => {
    const bytes = new TextEncoder().encode('data: héllo\n\n');
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(bytes.slice(0, 8));
        c.enqueue(bytes.slice(8));
        c.close();
      },
    });
    expect(await collect(stream)).toEqual(['héllo']);
  });
});
