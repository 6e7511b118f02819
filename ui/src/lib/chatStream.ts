import { ApiError } from '../api/ApiError';
import { apiResponse } from '../api/client';
import { paths } from '../api/paths';
import type { components } from '../api/schema';
import type { ChatRequestMessage } from '../api/types';
import { sseData } from './sse';

/** A piece of a streamed `tool_calls` entry; pieces with the same `index` belong to one call. */
export type ToolCallDelta = NonNullable<
  components['schemas']['CreateChatCompletionStreamResponse']['choices'][number]['delta']['tool_calls']
>[number];

/** The tokens one completion request used, as the provider counted them. */
export type Usage = components['schemas']['CompletionUsage'];

/** What one chunk adds to the reply: text, tool-call pieces, or both; the last chunk may carry the usage. */
export interface ChatDelta {
  content?: string;
  toolCalls?: ToolCallDelta[];
  usage?: Usage;
}

/** The body of `POST /v1/chat/completions`: model, messages, and the optional parameters that are switched on. */
export interface ChatCompletionBody {
  model: string;
  messages: ChatRequestMessage[];
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

// Chunk is read leniently on purpose, not as the document's CreateChatCompletion(Stream)Response: it is what an
// upstream provider relayed, so any field may be missing, and an error event has the same shape.
interface ChunkChoice {
  delta?: { content?: string | null; tool_calls?: ToolCallDelta[] | null };
  message?: {
    content?: string | null;
    tool_calls?: { id: string; type?: 'function'; function: { name: string; arguments: string } }[] | null;
  };
}

interface Chunk {
  choices?: ChunkChoice[];
  usage?: Partial<Usage> | null;
  error?: { message?: string; type?: string; code?: string };
}

const count = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) ? n : 0);

/** A chunk's usage when it has one; a provider that leaves out a count is read as 0 for it. */
function usageOf(chunk: Chunk): Usage | undefined {
  const u = chunk.usage;
  if (!u || typeof u !== 'object') return undefined;
  const prompt = count(u.prompt_tokens);
  const completion = count(u.completion_tokens);
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: count(u.total_tokens) || prompt + completion,
  };
}

/** The first choice's text and tool calls; a whole (non-streamed) message gives its calls indexed in order. */
function deltaOf(chunk: Chunk): ChatDelta {
  const usage = usageOf(chunk);
  const withUsage = (d: ChatDelta): ChatDelta => (usage ? { ...d, usage } : d);
  const choice = chunk.choices?.[0];
  if (!choice) return withUsage({});
  if (choice.delta) {
    return withUsage({
      content: choice.delta.content ?? undefined,
      toolCalls: choice.delta.tool_calls?.length ? choice.delta.tool_calls : undefined,
    });
  }
  const calls = choice.message?.tool_calls;
  return withUsage({
    content: choice.message?.content ?? undefined,
    toolCalls: calls?.length
      ? calls.map((c, index) => ({ index, id: c.id, type: 'function', function: c.function }))
      : undefined,
  });
}

function failIfError(chunk: Chunk, status: number): void {
  if (chunk.error)
    throw new ApiError(status, {
      message: chunk.error.message ?? 'The model reported an error.',
      code: chunk.error.code,
      type: chunk.error.type,
    });
}

const isEmpty = (d: ChatDelta) => !d.content && !d.toolCalls && !d.usage;

/**
 * POST /v1/chat/completions, yielding the reply as it arrives. `[DONE]` ends the stream; an error event, or a
 * non-2xx answer, throws an ApiError. A plain JSON answer (`stream` off) yields the whole reply once. The usage
 * comes with the whole reply, or in a streamed chunk without choices when the body asked for it (`stream_options`).
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
  for await (const data of sseData(res.body, signal)) {
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
