import { describe, expect, it } from 'vitest';
import { detectBrowser } from './browserDetect';

const UA = {
  chrome:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  edge: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0',
  firefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  safari:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  unknown: 'curl/8.5.0',
};

describe('detectBrowser', () => {
  it.each(Object.entries(UA))('recognises %s', (id, ua) => {
    expect(detectBrowser(ua).id).toBe(id);
  });

  it('offers the store link only where the extension exists', () => {
    expect(detectBrowser(UA.chrome).storeUrl).toMatch(/^https:\/\/chromewebstore\.google\.com\//);
    expect(detectBrowser(UA.edge).storeUrl).toBe(detectBrowser(UA.chrome).storeUrl);
    expect(detectBrowser(UA.firefox).storeUrl).toBeUndefined();
  });
});
