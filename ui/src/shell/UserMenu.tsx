import { useCallback, useId, useRef, useState } from 'react';
import { useDismiss } from '../components/useDismiss';
import { usernameOf, roleOf, useUser } from '../hooks/useUser';
import { logout } from '../lib/logout';
import { roleLabel } from '../lib/roles';

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
