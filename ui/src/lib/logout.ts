import { api } from '../api/client';
import { paths } from '../api/paths';
import type { LocationResponse } from '../api/types';
import { browser } from './browser';
import { webUrl } from './safeUrl';

/** Logs out; when that fails, forgets everything this origin stored and goes to the login page (ui.md §4). */
export async function logout(): Promise<void> {
  try {
    const { location } = await api<LocationResponse>(paths.logout, { method: 'POST' });
    // an address that is not a web address is never followed; the session is gone, so the login page will do
    browser.assign(webUrl(location) ?? '/ui/login');
  } catch {
    localStorage.clear();
    sessionStorage.clear();
    browser.assign('/ui/login');
  }
}
