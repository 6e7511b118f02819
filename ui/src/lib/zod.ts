import { z } from 'zod';

/*
 * Zod compiles object parsers with `new Function` unless told not to, and merely probing for that is refused by
 * this app's Content-Security-Policy (script-src 'self', no 'unsafe-eval'), which the browser reports as a
 * violation. Every schema of the app imports z from here (eslint refuses a direct import of zod), so this runs before the first schema is built.
 */
z.config({ jitless: true });

export { z };
