// The built app promises nothing it lacks: no "coming soon", no "not available". It reads the bundle `npm run build`
// writes (make test builds it before the UI tests), so text from every page and library that ships is checked.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const assets = join(import.meta.dirname, '..', 'dist', 'app', 'assets');
const PHRASES = [/coming soon/i, /not available/i];

describe('the built app', () => {
  it('has no placeholder text', () => {
    const files = existsSync(assets) ? readdirSync(assets).filter((f) => f.endsWith('.js')) : [];
    if (!files.length)
      throw new Error(`${assets} has no .js files: build the app first (make build.ui, or npm run build in ui/)`);
    const found = [];
    for (const f of files) {
      const text = readFileSync(join(assets, f), 'utf8');
      for (const re of PHRASES) {
        const m = re.exec(text);
        if (m) found.push(`${f}: …${text.slice(Math.max(0, m.index - 60), m.index + 60)}…`);
      }
    }
    expect(found).toEqual([]);
  });
});
