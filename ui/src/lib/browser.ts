// Full-page navigation and clipboard access, behind one object so tests can replace them (jsdom cannot navigate).
export const browser = {
  assign(url: string): void {
    window.location.assign(url);
  },
  async copy(text: string): Promise<void> {
    await navigator.clipboard.writeText(text);
  },
};
