// The return URL kept across a login round trip (ui.md §3.2). Only relative /ui/ paths are honoured, so a crafted
// value cannot send the user to another site.
export const RETURN_URL_KEY = 'bodhi-return-url';

export function isSafeReturnUrl(url: string | null | undefined): url is string {
  if (!url || !url.startsWith('/ui/')) return false;
  return !url.includes('\\') && !url.includes('//') && !/\p{Cc}/u.test(url);
}

export function storeReturnUrl(url: string): void {
  if (isSafeReturnUrl(url)) sessionStorage.setItem(RETURN_URL_KEY, url);
}

/** Reads and clears the stored return URL; unsafe values are discarded. */
export function takeReturnUrl(): string | null {
  const url = sessionStorage.getItem(RETURN_URL_KEY);
  sessionStorage.removeItem(RETURN_URL_KEY);
  return isSafeReturnUrl(url) ? url : null;
}
