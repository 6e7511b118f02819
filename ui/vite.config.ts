/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

// Bodhi serves the build under /ui/ from ui/dist/app (embedded by ui/embed.go); dist/index.html next to it is the
// committed placeholder and must survive a build, so only dist/app is emptied.
const api = 'http://localhost:1135';

export default defineConfig({
  base: '/ui/',
  plugins: [react(), tailwindcss()],
  // Vite marks index.html's tags and a <meta property="csp-nonce"> with this placeholder; the server replaces it with
  // a fresh random nonce per response (server/ui.go).
  html: { cspNonce: 'BODHI_CSP_NONCE' },
  build: {
    outDir: 'dist/app',
    emptyOutDir: true,
    // Every asset is a file, never a data: URL: the server's Content-Security-Policy allows fonts from 'self' only
    // (server/ui.go). Without this Vite inlines KaTeX's smallest font.
    assetsInlineLimit: 0,
    // The one chunk above the default 500 kB is the chat's Markdown renderer (KaTeX and highlight.js), which is
    // loaded on first use, not with the app (~400 kB).
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
