import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist', 'node_modules'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended, reactHooks.configs.flat.recommended],
    languageOptions: { globals: globals.browser },
    rules: {
      // zod compiles parsers with `new Function` unless configured first, which the Content-Security-Policy
      // refuses: every schema takes z from src/lib/zod.ts, which turns that off.
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'zod', message: 'Import z from src/lib/zod.ts (it configures zod for the CSP).' }] },
      ],
    },
  },
  { files: ['src/lib/zod.ts'], rules: { 'no-restricted-imports': 'off' } },
);
