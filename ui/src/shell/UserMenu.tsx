import { useCallback, useId, useRef, useState } from 'react';
import { api } from '../api/client';
import { paths } from '../api/paths';
import type { LocationResponse } from '../api/types';
import { useDismiss } from '../components/useDismiss';
import { usernameOf, roleOf, useUser } from '../hooks/useUser';
import { browser } from '../lib/browser';
import { roleLabel } from '../lib/roles';
import { webUrl } from '../lib/safeUrl';

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

export function UserMenu() {
  const user = useUser().data;
  const [open, setOpen] = useState(false);
  const container = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, container, close);
  const username = usernameOf(user);
  if (!username) return null;

  return (
    <div
      className="user-menu"
      ref={container}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setOpen(false);
      }}
    >
      <button
        type="button"
        className="user-menu-trigger"
        data-testid="user-menu"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="user-name">{username}</span>
        <span className="badge">{roleLabel(roleOf(user))}</span>
      </button>
      {open && (
        <div className="user-menu-popup" id={menuId}>
          <button type="button" className="button" data-testid="logout-button" onClick={() => void logout()}>
            Log out
          </button>
        </div>
      )}
    </div>
  );
}
