import { describe, expect, it } from 'vitest';
import { isSafeReturnUrl, RETURN_URL_KEY, storeReturnUrl, takeReturnUrl } from './returnUrl';

describe('return URL', () => {
  it.each(['/ui/chat', '/ui/tokens?page=2', '/ui/apps/access-requests/review?id=1'])('accepts %s', (url) => {
    expect(isSafeReturnUrl(url)).toBe(true);
  });

  it.each([
    'https://evil.example/ui/chat',
    '//evil.example/ui/',
    '/ui//evil.example',
    '/other',
    '/ui',
    '/ui/\\evil',
    'javascript:alert(1)',
    '',
  ])('rejects %j', (url) => {
    expect(isSafeReturnUrl(url)).toBe(false);
  });

  it('is read once', () => {
    storeReturnUrl('/ui/tokens');
    expect(takeReturnUrl()).toBe('/ui/tokens');
    expect(takeReturnUrl()).toBeNull();
  });

  it('discards an unsafe stored value', () => {
    sessionStorage.setItem(RETURN_URL_KEY, 'https://evil.example/');
    expect(takeReturnUrl()).toBeNull();
    expect(sessionStorage.getItem(RETURN_URL_KEY)).toBeNull();
  });
});
