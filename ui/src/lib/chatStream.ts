import { ApiError } from '../api/ApiError';
import { apiResponse } from '../api/client';
import { paths } from '../api/paths';
import type { ChatMessage } from '../api/types';
import { sseData } from './sse';

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  signal?: AbortSignal;
  /** Sent as `Authorization: Bearer …` instead of relying on the session cookie (ui.md §8.1). */
  token?: string;
}

interface ChunkChoice {
  delta?: { content?: string | null };
  message?: { content?: string | null };
}

interface Chunk {
  choices?: ChunkChoice[];
  error?: { message?: string; type?: string; code?: string };
}

function contentOf(chunk: Chunk): string {
  const choice = chunk.choices?.[0];
  return choice?.delta?.content ?? choice?.message?.content ?? '';
}

function failIfError(chunk: Chunk, status: number): void {
  if (chunk.error)
    throw new ApiError(status, {
      message: chunk.error.message ?? 'The model reported an error.',
      code: chunk.error.code,
      type: chunk.error.type,
    });
}

/**
 * POST /v1/chat/completions with `stream: true`, yielding the reply's text as it arrives. `[DONE]` ends the stream;
 * an error event, or a non-2xx answer, throws an ApiError. A server that answers with plain JSON (no stream) yields
 * the whole reply once.
 */
export async function* streamChat({ model, messages, signal, token }: ChatRequest): AsyncGenerator<string> {
  const res = await apiResponse(paths.chatCompletions, {
    method: 'POST',
    body: { model, messages, stream: true },
    signal,
    headers: { Accept: 'text/event-stream', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
  });
  const type = res.headers.get('Content-Type') ?? '';
  if (!type.includes('text/event-stream') || !res.body) {
    const chunk = (await res.json()) as Chunk;
    failIfError(chunk, res.status);
    yield contentOf(chunk);
    return;
  }
  for await (const data of sseData(res.body)) {
    if (data.trim() === '[DONE]') return;
    let chunk: Chunk;
    try {
      chunk = JSON.parse(data) as Chunk;
    } catch {
      continue; // not JSON: nothing the UI can show
    }
    failIfError(chunk, res.status);
    const text = contentOf(chunk);
    if (text) yield text;
  }
}
