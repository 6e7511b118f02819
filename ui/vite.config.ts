/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

// Bodhi serves the build under /ui/ from ui/dist/app (embedded by ui/embed.go); dist/index.html next to it is the
// committed placeholder and must survive a build, so only dist/app is emptied.
const api = 'http://localhost:1135';

/**
 * Swagger UI's stylesheet (the API reference page) has a dark theme under `html.dark-mode`; the app's dark theme is
 * `html.dark` (src/lib/theme.ts), so its selectors are pointed there, as `:where(html.dark)` to add no specificity (the
 * page's own rules, src/pages/apidocs/apiViewer.css, win in both themes); the one rule that paints <html> itself
 * goes: the page's colours stay the app's. Its `font-family: sans-serif` becomes `inherit`: the app's font.
 */
function swaggerUiTheme(): Plugin {
  return {
    name: 'bodhi-swagger-ui-theme',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]swagger-ui-react[\\/]swagger-ui\.css(\?|$)/.test(id)) return null;
      const themed = code
        .replace(/html\.dark-mode\{[^}]*\}/, '')
        .replaceAll('html.dark-mode ', ':where(html.dark) ')
        .replaceAll('font-family:sans-serif', 'font-family:inherit');
      if (themed.includes('dark-mode .swagger-ui') || themed.includes('html.dark-mode')) {
        this.error('swagger-ui.css: a dark-mode selector this plugin does not know (check swaggerUiTheme)');
      }
      return { code: themed, map: null };
    },
  };
}

export default defineConfig({
  base: '/ui/',
  plugins: [react(), tailwindcss(), swaggerUiTheme()],
  // Vite marks index.html's tags and a <meta property="csp-nonce"> with this placeholder; the server replaces it with
  // a fresh random nonce per response (server/ui.go).
  html: { cspNonce: 'BODHI_CSP_NONCE' },
  build: {
    outDir: 'dist/app',
    emptyOutDir: true,
    // Every asset is a file, never a data: URL: the server's Content-Security-Policy allows fonts from 'self' only
    // (server/ui.go). Without this Vite inlines KaTeX's smallest font.
    assetsInlineLimit: 0,
    // Chunks above the default 500 kB: the app's own (~760 kB), and two loaded on first use, not with the app: the
    // chat's Markdown renderer (KaTeX and highlight.js, ~600 kB) and the API reference's Swagger UI (~1.5 MB, ~400 kB
    // gzipped, above this limit too: the build names it).
    chunkSizeWarningLimit: 700,
  },
  server: {
    port: 5173,
    proxy: {
      '/bodhi': api,
      '/v1': api,
      '/api': api,
      '/ping': api,
      '/health': api,
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    restoreMocks: true,
    unstubGlobals: true,
  },
});
