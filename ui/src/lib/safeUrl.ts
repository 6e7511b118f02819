// The web app follows a URL from a server response (a consent's redirect_url, a login or logout location, another
// org's address) only when it is a web address. A javascript: URL would run in this origin, and a data: or file:
// one would show whatever it holds; the server refuses to store such URLs, and this check keeps an old row, an
// older server or a bug from getting that far.
const WEB_PROTOCOLS = new Set(['http:', 'https:']);

/**
 * The URL in value, normalised, when it is an http: or https: URL; otherwise null (other schemes, unparsable,
 * empty). Without base only absolute URLs pass; with base a relative value is resolved against it first.
 */
export function webUrl(value: string | null | undefined, base?: string): string | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return null;
  }
  return WEB_PROTOCOLS.has(url.protocol) ? url.href : null;
}
