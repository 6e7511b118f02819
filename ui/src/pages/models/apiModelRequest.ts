import { z } from '../../lib/zod';
import type {
  ApiFormat,
  ApiKeyUpdate,
  ApiModel,
  CreateApiModelRequest,
  TestCreds,
  UpdateApiModelRequest,
} from '../../api/types';

/** What the API-model form holds. */
export interface ApiModelDraft {
  /** One of what `GET …/api-formats` lists, as the select offers them. */
  apiFormat: string;
  baseUrl: string;
  /** The key typed in the form; '' when none was typed. */
  apiKey: string;
  /** Edit only: the user asked to remove the stored key. */
  clearKey: boolean;
  usePrefix: boolean;
  prefix: string;
  forwardAll: boolean;
  models: string[];
}

export function emptyDraft(apiFormat = 'openai'): ApiModelDraft {
  return {
    apiFormat,
    baseUrl: '',
    apiKey: '',
    clearKey: false,
    usePrefix: false,
    prefix: '',
    forwardAll: false,
    models: [],
  };
}

export function draftFrom(m: ApiModel): ApiModelDraft {
  return {
    apiFormat: m.api_format,
    baseUrl: m.base_url,
    apiKey: '',
    clearKey: false,
    usePrefix: !!m.prefix,
    prefix: m.prefix ?? '',
    forwardAll: m.forward_all_with_prefix,
    models: m.models,
  };
}

/** On edit the stored key is kept unless the user typed a new one or removed it (http-api.md §6). */
export function keyChanged(d: ApiModelDraft): boolean {
  return d.apiKey !== '' || d.clearKey;
}

export function apiKeyUpdate(d: ApiModelDraft): ApiKeyUpdate {
  if (d.apiKey !== '') return { action: 'set', value: d.apiKey };
  if (d.clearKey) return { action: 'set', value: null };
  return { action: 'keep' };
}

/** Credentials for test and fetch: the typed key, or, on edit with the key unchanged, the stored row's key. */
export function testCreds(d: ApiModelDraft, editId: string | null): TestCreds {
  if (editId && !keyChanged(d)) return { type: 'id', value: editId };
  return { type: 'api_key', value: d.apiKey || null };
}

function common(d: ApiModelDraft) {
  const prefix = d.usePrefix && d.prefix.trim() ? d.prefix.trim() : null;
  return {
    api_format: d.apiFormat as ApiFormat, // the select offers only the formats the server lists
    base_url: d.baseUrl.trim(),
    models: d.forwardAll ? [] : d.models,
    prefix,
    forward_all_with_prefix: d.forwardAll,
  };
}

export function createRequest(d: ApiModelDraft): CreateApiModelRequest {
  return { ...common(d), api_key: d.apiKey || null };
}

export function updateRequest(d: ApiModelDraft): UpdateApiModelRequest {
  return { ...common(d), api_key: apiKeyUpdate(d) };
}

export type DraftErrors = Partial<Record<'baseUrl' | 'prefix' | 'models', string>>;

export const MESSAGES = {
  baseUrl: 'Enter an absolute http:// or https:// URL.',
  prefix: 'Forwarding all models needs a prefix.',
  models: 'Choose at least one model.',
} as const;

/** The server's rules, checked before sending so the user sees them next to the field. */
export const apiModelSchema = z
  .object({
    apiFormat: z.string(),
    baseUrl: z.string().refine((v) => isHttpUrl(v.trim()), MESSAGES.baseUrl),
    apiKey: z.string(),
    clearKey: z.boolean(),
    usePrefix: z.boolean(),
    prefix: z.string(),
    forwardAll: z.boolean(),
    models: z.array(z.string()),
  })
  .superRefine((d, ctx) => {
    if (d.forwardAll && !(d.usePrefix && d.prefix.trim()))
      ctx.addIssue({ code: 'custom', path: ['prefix'], message: MESSAGES.prefix });
    if (!d.forwardAll && d.models.length === 0)
      ctx.addIssue({ code: 'custom', path: ['models'], message: MESSAGES.models });
  });

export function validateDraft(d: ApiModelDraft): DraftErrors {
  const result = apiModelSchema.safeParse(d);
  const errors: DraftErrors = {};
  for (const issue of result.error?.issues ?? []) {
    const key = issue.path[0] as keyof DraftErrors;
    errors[key] ??= issue.message;
  }
  return errors;
}

export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.host;
  } catch {
    return false;
  }
}
