import type { SettingMetadata } from '../../api/types';

/** Turns the edited text into the JSON value PUT expects, or an error message from the key's metadata. */
export function parseSettingValue(
  text: string,
  metadata: SettingMetadata,
): { value: unknown; error?: undefined } | { value?: undefined; error: string } {
  switch (metadata.type) {
    case 'number': {
      const n = Number(text);
      if (text.trim() === '' || !Number.isFinite(n)) return { error: 'Enter a number.' };
      if (n < metadata.min || n > metadata.max)
        return { error: `Enter a number from ${metadata.min} to ${metadata.max}.` };
      return { value: n };
    }
    case 'boolean':
      return { value: text === 'true' };
    case 'option':
      return metadata.options.includes(text) ? { value: text } : { error: 'Choose one of the options.' };
    default:
      return { value: text };
  }
}
