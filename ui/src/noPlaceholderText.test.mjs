// The built app promises nothing it lacks: no "coming soon", no "not available". It reads the bundle `npm run build`
// writes (make test builds it before the UI tests), so text from every page and library that ships is checked.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const assets = join(import.meta.dirname, '..', 'dist', 'app', 'assets');
const PHRASES = [/coming soon/gi, /not available/gi];
// Text of the API reference's libraries (the Swagger UI chunk) that says "not available" without promising anything:
// developers' errors of polyfills and of swagger-client, and one line Swagger UI shows for a media type it cannot
// make examples of (a limit of the viewer, stated as it is). Anything else fails.
const LIBRARY_TEXT = [
  'exists, but is not available. Please file an issue!', // get-intrinsic
  'exists, but the property is not available.', // get-intrinsic
  'CacheStorage is not available', // swagger-client
  'dereference strategy is not available.', // swagger-client
  'Readable.from is not available in the browser', // readable-stream
  'Example values are not available for', // swagger-ui
];

describe('the built app', () => {
  it('has no placeholder text', () => {
    const files = existsSync(assets) ? readdirSync(assets).filter((f) => f.endsWith('.js')) : [];
    if (!files.length)
      throw new Error(`${assets} has no .js files: build the app first (make build.ui, or npm run build in ui/)`);
    const found = [];
    for (const f of files) {
      const text = readFileSync(join(assets, f), 'utf8');
      for (const re of PHRASES) {
        for (const m of text.matchAll(re)) {
          const around = text.slice(Math.max(0, m.index - 60), m.index + 60);
          if (!LIBRARY_TEXT.some((lib) => around.includes(lib))) found.push(`${f}: …${around}…`);
        }
      }
    }
    expect(found).toEqual([]);
  });
});
