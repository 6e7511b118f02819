import { webUrl } from './safeUrl';

// Full-page navigation and clipboard access, behind one object so tests can replace them (jsdom cannot navigate).
export const browser = {
  /**
   * Loads url (absolute, or relative to this page) as the whole page. The last check before leaving: only http(s)
   * pages are opened, whatever a caller passes, so a javascript: URL never runs here (lib/safeUrl).
   */
  assign(url: string): void {
    const target = webUrl(url, window.location.href);
    if (!target) throw new Error('Bodhi did not open an address that is not a web address.');
    window.location.assign(target);
  },
  /** Closes a popup window the page was opened in (the consent popup flow). */
  close(): void {
    window.close();
  },
  async copy(text: string): Promise<void> {
    await navigator.clipboard.writeText(text);
  },
};
