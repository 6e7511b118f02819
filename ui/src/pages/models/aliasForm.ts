import { isApiError } from '../../api/ApiError';
import type { RequestParamsInput, UserAlias, UserAliasRequest } from '../../api/types';
import { z } from '../../lib/zod';

/*
 * The user alias form: its draft (strings, as the inputs hold them), the checks of the server
 * (localmodels/useralias.go, localmodels/params.go) with their messages, and the request built from a draft.
 */

const REPO_RE = /^[^/\s]+\/[^/\s]+$/;
const INT_RE = /^-?\d+$/;

const blank = (v: string) => v.trim() === '';

/** An optional number within lo..hi, as `request_params.<name>` is checked. */
const within = (name: string, lo: number, hi: number) =>
  z.string().refine((v) => {
    if (blank(v)) return true;
    const n = Number(v);
    return Number.isFinite(n) && n >= lo && n <= hi;
  }, `${name} must be a number within ${lo}..${hi}`);

/** An optional whole number of at least `min` (no lower bound when absent). */
const whole = (name: string, min?: number) =>
  z.string().refine(
    (v) => {
      if (blank(v)) return true;
      const t = v.trim();
      if (!INT_RE.test(t) || !Number.isSafeInteger(Number(t))) return false;
      return min === undefined || Number(t) >= min;
    },
    min === undefined ? `${name} must be a whole number` : `${name} must be a whole number of at least ${min}`,
  );

export const aliasSchema = z.object({
  alias: z.string().refine((v) => !blank(v), 'alias must not be empty'),
  repo: z
    .string()
    .refine((v) => REPO_RE.test(v), "repo must be owner/name, neither part empty nor holding '/' or whitespace"),
  filename: z.string().refine((v) => !blank(v), 'filename must not be empty'),
  snapshot: z.string(),
  temperature: within('temperature', 0, 2),
  top_p: within('top_p', 0, 1),
  max_tokens: whole('max_tokens', 1),
  seed: whole('seed'),
  frequency_penalty: within('frequency_penalty', -2, 2),
  presence_penalty: within('presence_penalty', -2, 2),
  stop: z.string(),
  user: z.string(),
  context_params: z.string(),
});

export type AliasDraft = z.infer<typeof aliasSchema>;

export type NumberParam = 'temperature' | 'top_p' | 'max_tokens' | 'seed' | 'frequency_penalty' | 'presence_penalty';

export const NUMBER_PARAMS: { name: NumberParam; label: string; hint: string; step: string }[] = [
  { name: 'temperature', label: 'Temperature', hint: '0 to 2; higher is more random.', step: '0.1' },
  { name: 'top_p', label: 'Top P', hint: '0 to 1; nucleus sampling.', step: '0.05' },
  { name: 'max_tokens', label: 'Max tokens', hint: 'At least 1; the longest answer.', step: '1' },
  { name: 'seed', label: 'Seed', hint: 'A whole number, for repeatable answers.', step: '1' },
  { name: 'frequency_penalty', label: 'Frequency penalty', hint: '-2 to 2.', step: '0.1' },
  { name: 'presence_penalty', label: 'Presence penalty', hint: '-2 to 2.', step: '0.1' },
];

const lines = (v: string) =>
  v
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

const text = (n: number | undefined) => (n === undefined ? '' : String(n));

export function emptyAliasDraft(file?: { repo?: string; filename?: string; snapshot?: string }): AliasDraft {
  return {
    alias: '',
    repo: file?.repo ?? '',
    filename: file?.filename ?? '',
    snapshot: file?.snapshot ?? '',
    temperature: '',
    top_p: '',
    max_tokens: '',
    seed: '',
    frequency_penalty: '',
    presence_penalty: '',
    stop: '',
    user: '',
    context_params: '',
  };
}

export function aliasDraftFrom(a: UserAlias): AliasDraft {
  const p = a.request_params ?? {};
  return {
    alias: a.alias,
    repo: a.repo,
    filename: a.filename,
    snapshot: a.snapshot,
    temperature: text(p.temperature),
    top_p: text(p.top_p),
    max_tokens: text(p.max_tokens),
    seed: text(p.seed),
    frequency_penalty: text(p.frequency_penalty),
    presence_penalty: text(p.presence_penalty),
    stop: (p.stop ?? []).join('\n'),
    user: p.user ?? '',
    context_params: (a.context_params ?? []).join('\n'),
  };
}

/** The request: blank parameters left out, stop sequences and llama-server arguments one per line. */
export function aliasRequest(d: AliasDraft, create: boolean): UserAliasRequest {
  const params: RequestParamsInput = {};
  for (const { name } of NUMBER_PARAMS) {
    if (!blank(d[name])) params[name] = Number(d[name].trim());
  }
  const stop = lines(d.stop);
  if (stop.length) params.stop = stop;
  if (!blank(d.user)) params.user = d.user.trim();
  return {
    ...(create ? { alias: d.alias.trim() } : {}),
    repo: d.repo,
    filename: d.filename,
    ...(blank(d.snapshot) ? {} : { snapshot: d.snapshot }),
    request_params: params,
    context_params: lines(d.context_params),
  };
}

type DraftField = keyof AliasDraft;

const CODE_FIELDS: Record<string, DraftField> = {
  'data_service_error-alias_exists': 'alias',
  'obj_validation_error-file_pattern_mismatch': 'repo',
  'hub_service_error-file_not_found': 'filename',
};

/**
 * The fields a refusal is about, each with its message. The server reports every parameter out of range in one
 * message ("request_params.temperature must be within 0..2; got 3; request_params.top_p …."), so each part goes to
 * its own field.
 */
export function aliasServerErrors(e: unknown): { field: DraftField; message: string }[] {
  if (!isApiError(e)) return [];
  const byCode = CODE_FIELDS[e.code];
  if (byCode) return [{ field: byCode, message: e.message }];
  const out: { field: DraftField; message: string }[] = [];
  for (const part of e.message.replace(/\.$/, '').split('; request_params.')) {
    const m = /^(?:request_params\.)?([a-z_]+) must\b/.exec(part);
    const field = m?.[1] as DraftField | undefined;
    if (field && field in emptyAliasDraft()) out.push({ field, message: part.replace(/^request_params\./, '') });
  }
  return out;
}
