import { ApiError } from '../api/ApiError';
import { apiResponse } from '../api/client';
import { paths } from '../api/paths';
import { sseData } from './sse';

/** A piece of a streamed `tool_calls` entry; pieces with the same `index` belong to one call. */
export interface ToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

/** What one chunk adds to the reply: text, tool-call pieces, or both. */
export interface ChatDelta {
  content?: string;
  toolCalls?: ToolCallDelta[];
}

/** The body of `POST /v1/chat/completions`: model, messages, and the optional parameters that are switched on. */
export interface ChatCompletionBody {
  model: string;
  messages: unknown[];
  stream?: boolean;
  tools?: unknown[];
  [param: string]: unknown;
}

export interface ChatRequest {
  body: ChatCompletionBody;
  signal?: AbortSignal;
  /** Sent as `Authorization: Bearer …` instead of the session cookie (ui.md §8.1). */
  token?: string;
}

interface ChunkChoice {
  delta?: { content?: string | null; tool_calls?: ToolCallDelta[] | null };
  message?: {
    content?: string | null;
    tool_calls?: { id: string; type?: 'function'; function: { name: string; arguments: string } }[] | null;
  };
}

interface Chunk {
  choices?: ChunkChoice[];
  error?: { message?: string; type?: string; code?: string };
}

/** The first choice's text and tool calls; a whole (non-streamed) message gives its calls indexed in order. */
function deltaOf(chunk: Chunk): ChatDelta {
  const choice = chunk.choices?.[0];
  if (!choice) return {};
  if (choice.delta) {
    return {
      content: choice.delta.content ?? undefined,
      toolCalls: choice.delta.tool_calls?.length ? choice.delta.tool_calls : undefined,
    };
  }
  const calls = choice.message?.tool_calls;
  return {
    content: choice.message?.content ?? undefined,
    toolCalls: calls?.length
      ? calls.map((c, index) => ({ index, id: c.id, type: 'function', function: c.function }))
      : undefined,
  };
}

function failIfError(chunk: Chunk, status: number): void {
  if (chunk.error)
    throw new ApiError(status, {
      message: chunk.error.message ?? 'The model reported an error.',
      code: chunk.error.code,
      type: chunk.error.type,
    });
}

const isEmpty = (d: ChatDelta) => !d.content && !d.toolCalls;

/**
 * POST /v1/chat/completions, yielding the reply as it arrives. `[DONE]` ends the stream; an error event, or a
 * non-2xx answer, throws an ApiError. A plain JSON answer (`stream` off) yields the whole reply once.
 */
export async function* streamChat({ body, signal, token }: ChatRequest): AsyncGenerator<ChatDelta> {
  const res = await apiResponse(paths.chatCompletions, {
    method: 'POST',
    body,
    signal,
    headers: {
      Accept: body.stream ? 'text/event-stream' : 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    credentials: token ? 'omit' : undefined,
  });
  const type = res.headers.get('Content-Type') ?? '';
  if (!type.includes('text/event-stream') || !res.body) {
    const chunk = (await res.json()) as Chunk;
    failIfError(chunk, res.status);
    yield deltaOf(chunk);
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
    const delta = deltaOf(chunk);
    if (!isEmpty(delta)) yield delta;
  }
}
