// Full-page navigation and clipboard access, behind one object so tests can replace them (jsdom cannot navigate).
export const browser = {
  assign(url: string): void {
    window.location.assign(url);
  },
  /** Closes a popup window the page was opened in (the consent popup flow). */
  close(): void {
    window.close();
  },
  async copy(text: string): Promise<void> {
    await navigator.clipboard.writeText(text);
  },
};
