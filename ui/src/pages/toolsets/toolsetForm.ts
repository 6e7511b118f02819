import { z } from '../../lib/zod';
import type { CreateToolsetRequest, UpdateToolsetRequest } from '../../api/types';

export const SLUG_PATTERN = /^[a-zA-Z0-9-]{1,24}$/;
export const DESCRIPTION_MAX = 255;

export interface ToolsetFormValues {
  toolsetType: string;
  slug: string;
  description: string;
  enabled: boolean;
  apiKey: string;
  /** Edit only: replace the stored key with `apiKey`. */
  replaceKey: boolean;
}

export type ToolsetFormErrors = Partial<Record<'toolsetType' | 'slug' | 'description' | 'apiKey', string>>;

/** Client-side checks mirroring the server's (http-api.md §9.2). */
export function toolsetSchema(mode: 'new' | 'edit') {
  return z
    .object({
      toolsetType: z.string(),
      slug: z.string().regex(SLUG_PATTERN, 'Use 1 to 24 letters, digits or hyphens.'),
      description: z.string().max(DESCRIPTION_MAX, `At most ${DESCRIPTION_MAX} characters.`),
      enabled: z.boolean(),
      apiKey: z.string(),
      replaceKey: z.boolean(),
    })
    .superRefine((v, ctx) => {
      if (mode === 'new' && !v.toolsetType)
        ctx.addIssue({ code: 'custom', path: ['toolsetType'], message: 'Choose a toolset type.' });
      if ((mode === 'new' || v.replaceKey) && !v.apiKey.trim())
        ctx.addIssue({ code: 'custom', path: ['apiKey'], message: 'Enter an API key.' });
    });
}

export function validateToolset(v: ToolsetFormValues, mode: 'new' | 'edit'): ToolsetFormErrors {
  const errors: ToolsetFormErrors = {};
  for (const issue of toolsetSchema(mode).safeParse(v).error?.issues ?? []) {
    const key = issue.path[0] as keyof ToolsetFormErrors;
    errors[key] ??= issue.message;
  }
  return errors;
}

export function createRequest(v: ToolsetFormValues): CreateToolsetRequest {
  return {
    toolset_type: v.toolsetType,
    slug: v.slug,
    ...(v.description ? { description: v.description } : {}),
    enabled: v.enabled,
    api_key: v.apiKey.trim(),
  };
}

/** On edit the key is `Keep` unless the user chose to replace it (`Set`). */
export function updateRequest(v: ToolsetFormValues): UpdateToolsetRequest {
  return {
    slug: v.slug,
    ...(v.description ? { description: v.description } : {}),
    enabled: v.enabled,
    api_key: v.replaceKey ? { action: 'Set', value: v.apiKey.trim() } : { action: 'Keep' },
  };
}
