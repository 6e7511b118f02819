import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './app/App';
import { setNonce } from 'get-nonce';
import './theme.css';

// The server puts a fresh nonce for style elements in each index.html (server/ui.go): Radix's scroll lock
// inserts a <style> element, which the Content-Security-Policy allows only with that nonce.
const nonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce;
if (nonce) setNonce(nonce);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter basename="/ui">
      <App />
    </BrowserRouter>
  </StrictMode>,
);
