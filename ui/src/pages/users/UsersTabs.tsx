import { NavLink } from 'react-router';
import { cn } from '../../lib/cn';

const TABS = [
  { to: '/users', label: 'All Users' },
  { to: '/users/pending', label: 'Pending Requests' },
  { to: '/users/access-requests', label: 'All Requests' },
];

/** The three user-administration views (ui.md §7), as links so each has its own URL; they look like tabs. */
export function UsersTabs() {
  return (
    <nav
      className="flex w-fit max-w-full gap-1 overflow-x-auto rounded-lg bg-muted p-1 text-muted-foreground"
      aria-label="User administration"
    >
      {TABS.map((t) => (
        <NavLink
          key={t.to}
          to={t.to}
          end
          className={({ isActive }) =>
            cn(
              'rounded-md px-3 py-1 text-sm font-medium whitespace-nowrap no-underline outline-none hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring',
              isActive && 'bg-card text-foreground shadow-sm',
            )
          }
        >
          {t.label}
        </NavLink>
      ))}
    </nav>
  );
}
