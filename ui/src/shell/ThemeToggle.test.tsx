import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { THEME_KEY } from '../lib/theme';
import { ThemeToggle } from './ThemeToggle';

/** A matchMedia whose dark-mode answer the test can change, telling listeners as a browser would. */
function fakeSystem(dark: boolean) {
  const listeners = new Set<() => void>();
  const state = { dark };
  vi.spyOn(window, 'matchMedia').mockImplementation(
    (query: string) =>
      ({
        get matches() {
          return state.dark;
        },
        media: query,
        addEventListener: (_: string, l: () => void) => listeners.add(l),
        removeEventListener: (_: string, l: () => void) => listeners.delete(l),
      }) as unknown as MediaQueryList,
  );
  return {
    set(next: boolean) {
      state.dark = next;
      listeners.forEach((l) => l());
    },
  };
}

const isDark = () => document.documentElement.classList.contains('dark');

afterEach(() => vi.restoreAllMocks());

describe('ThemeToggle', () => {
  it('applies and saves Dark, then Light', async () => {
    fakeSystem(false);
    const user = userEvent.setup();
    render(<ThemeToggle />);
    await user.click(screen.getByRole('button', { name: 'Theme' }));
    await user.click(screen.getByRole('menuitemradio', { name: 'Dark' }));
    expect(isDark()).toBe(true);
    expect(localStorage.getItem(THEME_KEY)).toBe('dark');

    await user.click(screen.getByRole('button', { name: 'Theme' }));
    expect(screen.getByRole('menuitemradio', { name: 'Dark' })).toHaveAttribute('aria-checked', 'true');
    await user.click(screen.getByRole('menuitemradio', { name: 'Light' }));
    expect(isDark()).toBe(false);
    expect(localStorage.getItem(THEME_KEY)).toBe('light');
  });

  it('on System, forgets the choice and follows the system setting as it changes', async () => {
    const system = fakeSystem(true);
    localStorage.setItem(THEME_KEY, 'light');
    const user = userEvent.setup();
    render(<ThemeToggle />);
    expect(isDark()).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Theme' }));
    await user.click(screen.getByRole('menuitemradio', { name: 'System' }));
    expect(localStorage.getItem(THEME_KEY)).toBeNull();
    expect(isDark()).toBe(true);
    system.set(false);
    expect(isDark()).toBe(false);
    system.set(true);
    expect(isDark()).toBe(true);
  });
});
