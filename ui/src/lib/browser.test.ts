import { afterEach, describe, expect, it } from 'vitest';
import { browser } from './browser';

describe('browser.assign', () => {
  afterEach(() => window.history.replaceState(null, '', '/'));

  it.each(['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,x', 'file:///etc/passwd'])(
    'refuses %j',
    (url) => {
      expect(() => browser.assign(url)).toThrow('not a web address');
      expect(window.location.href).toBe('http://localhost:3000/');
    },
  );

  it('opens an address on this page', () => {
    // the one navigation jsdom performs: a fragment of the current document
    browser.assign('#main');
    expect(window.location.href).toBe('http://localhost:3000/#main');
  });
});
