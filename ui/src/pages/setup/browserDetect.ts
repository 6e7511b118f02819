// Which browser the page runs in, and where the Bodhi extension can be had for it.

export type BrowserId = 'chrome' | 'edge' | 'firefox' | 'safari' | 'unknown';

export interface BrowserInfo {
  id: BrowserId;
  name: string;
  /** The extension's store page; absent for browsers the extension does not support yet. */
  storeUrl?: string;
}

const CHROME_STORE =
  'https://chromewebstore.google.com/detail/bodhi-browser-extension/bjdjhiombmfbcoeojijpfckljjghmjbf';

export const BROWSERS: Record<BrowserId, BrowserInfo> = {
  chrome: { id: 'chrome', name: 'Google Chrome', storeUrl: CHROME_STORE },
  edge: { id: 'edge', name: 'Microsoft Edge', storeUrl: CHROME_STORE },
  firefox: { id: 'firefox', name: 'Mozilla Firefox' },
  safari: { id: 'safari', name: 'Safari' },
  unknown: { id: 'unknown', name: 'your browser' },
};

/** From the user agent; Edge and others built on Chromium say "Chrome" too, so they are checked first. */
export function detectBrowser(userAgent: string): BrowserInfo {
  if (/Edg(e|A|iOS)?\//.test(userAgent)) return BROWSERS.edge;
  if (/Firefox\/|FxiOS\//.test(userAgent)) return BROWSERS.firefox;
  if (/Chrome\/|CriOS\/|Chromium\//.test(userAgent)) return BROWSERS.chrome;
  if (/Safari\//.test(userAgent) && /Version\//.test(userAgent)) return BROWSERS.safari;
  return BROWSERS.unknown;
}
