import { describe, expect, it } from 'vitest';
import { fallbackOrgUrl, membershipUrl } from './orgUrl';

describe('fallbackOrgUrl', () => {
  it('replaces the first host label and keeps scheme and port', () => {
    expect(fallbackOrgUrl('globex', { protocol: 'https:', hostname: 'acme.bodhi.example', port: '8443' })).toBe(
      'https://globex.bodhi.example:8443/ui/chat',
    );
  });

  it('omits an empty port', () => {
    expect(fallbackOrgUrl('globex', { protocol: 'http:', hostname: 'acme.localhost', port: '' })).toBe(
      'http://globex.localhost/ui/chat',
    );
  });

  it('prefers the url the server built', () => {
    const loc = { protocol: 'http:', hostname: 'acme.localhost', port: '1135' };
    expect(
      membershipUrl({ org_id: '1', slug: 'g', display_name: 'G', role: null, url: 'https://x/ui/chat' }, loc),
    ).toBe('https://x/ui/chat');
    expect(membershipUrl({ org_id: '1', slug: 'g', display_name: 'G', role: null, url: '' }, loc)).toBe(
      'http://g.localhost:1135/ui/chat',
    );
  });

  it('builds the url when the server sent one that is not a web address', () => {
    const loc = { protocol: 'http:', hostname: 'acme.localhost', port: '1135' };
    expect(
      membershipUrl({ org_id: '1', slug: 'g', display_name: 'G', role: null, url: 'javascript:alert(1)' }, loc),
    ).toBe('http://g.localhost:1135/ui/chat');
  });
});
