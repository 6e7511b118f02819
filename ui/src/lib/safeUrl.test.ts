import { describe, expect, it } from 'vitest';
import { webUrl } from './safeUrl';

describe('webUrl', () => {
  it.each([
    ['http://localhost:9999/cb?id=1', 'http://localhost:9999/cb?id=1'],
    ['https://app.example/cb', 'https://app.example/cb'],
    ['HTTPS://App.Example/cb', 'https://app.example/cb'],
  ])('accepts %j', (value, href) => {
    expect(webUrl(value)).toBe(href);
  });

  it.each([
    'javascript:alert(1)',
    ' JavaScript:alert(1)',
    '\tjava\nscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'blob:https://app.example/0b5e',
    '/x',
    '//evil.example/cb',
    'app.example/cb',
    '',
    null,
    undefined,
  ])('refuses %j', (value) => {
    expect(webUrl(value)).toBeNull();
  });

  it('resolves a relative value against a base', () => {
    expect(webUrl('/ui/login', 'http://acme.localhost:1135/ui/chat')).toBe('http://acme.localhost:1135/ui/login');
    expect(webUrl('javascript:alert(1)', 'http://acme.localhost:1135/ui/chat')).toBeNull();
  });
});
