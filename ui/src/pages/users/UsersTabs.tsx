import { NavLink } from 'react-router';

const TABS = [
  { to: '/users', label: 'All Users' },
  { to: '/users/pending', label: 'Pending Requests' },
  { to: '/users/access-requests', label: 'All Requests' },
];

/** The three user-administration views (ui.md §7), as links so each has its own URL. */
export function UsersTabs() {
  return (
    <nav className="tabs" aria-label="User administration">
      {TABS.map((t) => (
        <NavLink key={t.to} to={t.to} end className="tab">
          {t.label}
        </NavLink>
      ))}
    </nav>
  );
}
