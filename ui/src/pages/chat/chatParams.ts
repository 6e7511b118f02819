import type { ChatMessage, ChatRequestMessage } from '../../api/types';

/** A setting that only counts when its switch is on. Numbers are kept as typed, and parsed when sending. */
export interface Optional<T> {
  enabled: boolean;
  value: T;
}

export type ResponseFormat = 'text' | 'json_object';

export interface ChatParams {
  systemPrompt: Optional<string>;
  stream: Optional<boolean>;
  seed: Optional<string>;
  /** One stop word per line. */
  stop: Optional<string>;
  maxTokens: Optional<string>;
  n: Optional<string>;
  temperature: Optional<string>;
  topP: Optional<string>;
  presencePenalty: Optional<string>;
  frequencyPenalty: Optional<string>;
  responseFormat: Optional<ResponseFormat>;
  maxToolIterations: Optional<string>;
  /** Replaces the session cookie; kept in memory only (ui.md §8.1). */
  token: Optional<string>;
}

export const DEFAULT_MAX_TOOL_ITERATIONS = 5;

const off = <T>(value: T): Optional<T> => ({ enabled: false, value });

/** Streaming is on by default (ui.md §8.1); everything else is off until the user switches it on. */
export const DEFAULT_PARAMS: ChatParams = {
  systemPrompt: off(''),
  stream: { enabled: true, value: true },
  seed: off(''),
  stop: off(''),
  maxTokens: off(''),
  n: off(''),
  temperature: off('0.7'),
  topP: off('1'),
  presencePenalty: off('0'),
  frequencyPenalty: off('0'),
  responseFormat: off('text'),
  maxToolIterations: off(String(DEFAULT_MAX_TOOL_ITERATIONS)),
  token: off(''),
};

/** The numeric request parameters: the wire name, whether it must be an integer, and its range. */
export const NUMERIC_PARAMS = {
  seed: { wire: 'seed', integer: true, min: undefined, max: undefined },
  maxTokens: { wire: 'max_tokens', integer: true, min: 1, max: undefined },
  n: { wire: 'n', integer: true, min: 1, max: 128 },
  temperature: { wire: 'temperature', integer: false, min: 0, max: 2 },
  topP: { wire: 'top_p', integer: false, min: 0, max: 1 },
  presencePenalty: { wire: 'presence_penalty', integer: false, min: -2, max: 2 },
  frequencyPenalty: { wire: 'frequency_penalty', integer: false, min: -2, max: 2 },
} as const satisfies Record<string, { wire: string; integer: boolean; min?: number; max?: number }>;

export type NumericParam = keyof typeof NUMERIC_PARAMS;

/** The number a field holds, or undefined when it is empty, not a number, or out of range. */
export function parseNumeric(key: NumericParam, text: string): number | undefined {
  const spec = NUMERIC_PARAMS[key];
  if (!text.trim()) return undefined;
  const v = Number(text);
  if (!Number.isFinite(v) || (spec.integer && !Number.isInteger(v))) return undefined;
  if (spec.min !== undefined && v < spec.min) return undefined;
  if (spec.max !== undefined && v > spec.max) return undefined;
  return v;
}

export function stopWords(text: string): string[] {
  return text
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The request-body fields of the switched-on parameters; invalid numbers are left out. */
export function requestParams(p: ChatParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (p.stream.enabled) out.stream = p.stream.value;
  // a streamed reply only reports its token usage when asked to, in a last chunk of its own
  if (p.stream.enabled && p.stream.value) out.stream_options = { include_usage: true };
  for (const key of Object.keys(NUMERIC_PARAMS) as NumericParam[]) {
    if (!p[key].enabled) continue;
    const v = parseNumeric(key, p[key].value);
    if (v !== undefined) out[NUMERIC_PARAMS[key].wire] = v;
  }
  if (p.stop.enabled) {
    const words = stopWords(p.stop.value);
    if (words.length) out.stop = words;
  }
  if (p.responseFormat.enabled) out.response_format = { type: p.responseFormat.value };
  return out;
}

/** The system prompt as the messages to put before the conversation. */
export function promptPrefix(p: ChatParams): ChatMessage[] {
  const text = p.systemPrompt.enabled ? p.systemPrompt.value.trim() : '';
  return text ? [{ role: 'system', content: text }] : [];
}

export function maxToolIterations(p: ChatParams): number {
  if (!p.maxToolIterations.enabled) return DEFAULT_MAX_TOOL_ITERATIONS;
  const v = Number(p.maxToolIterations.value);
  return Number.isInteger(v) && v >= 0 ? v : DEFAULT_MAX_TOOL_ITERATIONS;
}

export function tokenOf(p: ChatParams): string | undefined {
  return (p.token.enabled && p.token.value.trim()) || undefined;
}

/**
 * Messages as the API wants them: an assistant message that only calls tools has `content: null`, and what the page
 * keeps about a reply (its usage, whether it was stopped) is not sent.
 */
export function toWire(messages: ChatMessage[]): ChatRequestMessage[] {
  return messages.map((m) => {
    if (m.role !== 'assistant') return m;
    const calls = m.tool_calls?.length ? { tool_calls: m.tool_calls } : {};
    return { role: 'assistant' as const, content: calls.tool_calls && !m.content ? null : m.content, ...calls };
  });
}
