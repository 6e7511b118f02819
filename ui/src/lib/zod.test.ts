import { describe, expect, it, vi } from 'vitest';
import { z } from './zod';

describe('zod under the CSP', () => {
  it('builds and runs object schemas without Function (no eval)', () => {
    const spy = vi.spyOn(globalThis, 'Function');
    const schema = z.object({ a: z.string(), b: z.array(z.number()) });
    expect(schema.parse({ a: 'x', b: [1] })).toEqual({ a: 'x', b: [1] });
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });
});
