import type { SettingMetadata, SettingValue } from '../../api/types';

/** Turns the edited text into the JSON value PUT expects, or an error message from the key's metadata. */
export function parseSettingValue(
  text: string,
  metadata: SettingMetadata,
): { value: SettingValue; error?: undefined } | { value?: undefined; error: string } {
  switch (metadata.type) {
    case 'number': {
      const n = Number(text);
      if (text.trim() === '' || !Number.isFinite(n)) return { error: 'Enter a number.' };
      const { min, max } = metadata; // the server gives the range of each number key, but the document lets it not
      if ((min !== undefined && n < min) || (max !== undefined && n > max))
        return { error: `Enter a number ${rangeText(min, max)}.` };
      return { value: n };
    }
    case 'boolean':
      return { value: text === 'true' };
    case 'option':
      return (metadata.options ?? []).includes(text) ? { value: text } : { error: 'Choose one of the options.' };
    default:
      return { value: text };
  }
}

/** "from 1 to 10", "of at least 1", "of at most 10", or "" (any number). */
export function rangeText(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `from ${min} to ${max}`;
  if (min !== undefined) return `of at least ${min}`;
  if (max !== undefined) return `of at most ${max}`;
  return '';
}
