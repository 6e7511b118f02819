import { NavLink } from 'react-router';
import { useAppMode } from '../hooks/useAppMode';
import { roleOf, useUser } from '../hooks/useUser';
import { hasRole } from '../lib/roles';

interface Item {
  id: string;
  label: string;
  to: string;
  show: boolean;
}

/** The navigation of ui.md §4: items whose condition is false are not rendered at all. */
export function Sidebar() {
  const { isHosted } = useAppMode();
  const role = roleOf(useUser().data);
  const groups: { label: string | null; items: Item[] }[] = [
    { label: null, items: [{ id: 'chat', label: 'Chat', to: '/chat', show: true }] },
    {
      label: 'Models',
      items: [
        { id: 'models', label: 'Model Aliases', to: '/models', show: true },
        { id: 'modelfiles', label: 'Model Files', to: '/modelfiles', show: !isHosted },
        { id: 'pull', label: 'Model Downloads', to: '/pull', show: !isHosted && hasRole(role, 'power_user') },
      ],
    },
    {
      label: 'Settings',
      items: [
        { id: 'settings', label: 'App Settings', to: '/settings', show: hasRole(role, 'admin') },
        { id: 'tokens', label: 'API Tokens', to: '/tokens', show: hasRole(role, 'power_user') },
        { id: 'toolsets', label: 'Toolsets', to: '/toolsets', show: true },
        { id: 'users', label: 'Manage Users', to: '/users', show: hasRole(role, 'manager') },
      ],
    },
  ];
  return (
    <nav className="sidebar" aria-label="Main">
      {groups.map((g) => {
        const items = g.items.filter((i) => i.show);
        if (!items.length) return null;
        return (
          <div className="nav-group" key={g.label ?? 'top'}>
            {g.label && <h2 className="nav-group-label">{g.label}</h2>}
            <ul>
              {items.map((i) => (
                <li key={i.id}>
                  <NavLink to={i.to} data-testid={`nav-${i.id}`} className="nav-link">
                    {i.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
      <div className="nav-group">
        <h2 className="nav-group-label">Documentation</h2>
        <ul>
          <li>
            <a className="nav-link" href="/api-docs/openapi.json" target="_blank" rel="noreferrer">
              API reference
            </a>
          </li>
        </ul>
      </div>
    </nav>
  );
}
