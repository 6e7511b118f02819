import { z } from '../../lib/zod';

// The server's checks of a download request (localmodels/hfpull/names.go), with its messages.

export const REPO_MESSAGE = "repo must be owner/name: two non-empty parts without '/' or whitespace";
export const FILENAME_MESSAGE =
  "filename must be a relative path inside the repository: non-empty parts separated by '/', no '.' or '..' parts, no backslash or control character";
const PARTIAL_MESSAGE = 'filename must not end in .incomplete: that name is kept for partial downloads';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export function validRepo(repo: string): boolean {
  const parts = repo.split('/');
  if (parts.length !== 2) return false;
  return parts.every((p) => p !== '' && p !== '.' && p !== '..' && !/\s/.test(p) && !CONTROL.test(p));
}

export function validFilename(filename: string): boolean {
  if (filename === '' || filename.includes('\\') || CONTROL.test(filename)) return false;
  return filename.split('/').every((p) => p !== '' && p !== '.' && p !== '..');
}

export const pullSchema = z.object({
  repo: z.string().refine(validRepo, REPO_MESSAGE),
  filename: z
    .string()
    .refine(validFilename, FILENAME_MESSAGE)
    .refine((f) => !f.endsWith('.incomplete'), PARTIAL_MESSAGE),
});

export type PullDraft = z.infer<typeof pullSchema>;

/**
 * A failed download's error as a person reads it. The hub's refusals of a gated repository (hfpull/hub.go) say
 * what to do about it; a cancelled one is just that.
 */
export function readableError(error: string | undefined): string {
  if (!error) return 'The download failed.';
  if (error === 'cancelled') return 'Cancelled.';
  if (error.includes('may be gated')) {
    return error.includes('with the HF_TOKEN given')
      ? 'This repository is gated: accept its terms on huggingface.co with the account of HF_TOKEN, or check the token.'
      : 'This repository is gated: accept its terms on huggingface.co and set HF_TOKEN.';
  }
  return error.charAt(0).toUpperCase() + error.slice(1);
}
