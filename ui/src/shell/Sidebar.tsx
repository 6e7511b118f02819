import {
  BookOpen,
  Boxes,
  ChartColumn,
  Download,
  HardDrive,
  KeyRound,
  MessageSquare,
  Settings,
  Users,
  Wrench,
  type LucideIcon,
} from 'lucide-react';
import type { ReactNode } from 'react';
import { NavLink } from 'react-router';
import { Tooltip } from '../components/ui/tooltip';
import { useAppMode } from '../hooks/useAppMode';
import { roleOf, useUser } from '../hooks/useUser';
import { cn } from '../lib/cn';
import { hasRole } from '../lib/roles';

interface Item {
  id: string;
  label: string;
  to: string;
  icon: LucideIcon;
  show: boolean;
}

interface Props {
  /** Icons only; the labels stay for screen readers and show as tooltips. */
  collapsed?: boolean;
  /** Called after a link is followed (the small-screen sheet closes). */
  onNavigate?: () => void;
}

const linkClass = (collapsed: boolean) =>
  cn(
    'flex h-9 items-center gap-3 rounded-md px-2.5 text-sm font-medium text-muted-foreground no-underline outline-none transition-colors hover:bg-accent hover:text-accent-foreground focus-visible:ring-2 focus-visible:ring-ring [&_svg]:size-4 [&_svg]:shrink-0',
    collapsed && 'justify-center px-0',
  );

/* NavLink marks the current page with aria-current; a string class (not NavLink's function) survives the
   tooltip's Slot, which merges class names as strings. */
const activeClass = 'aria-[current=page]:bg-accent aria-[current=page]:text-accent-foreground';

/** The navigation of ui.md §4: items whose condition is false are not rendered at all. */
export function Sidebar({ collapsed = false, onNavigate }: Props) {
  const { isHosted } = useAppMode();
  const role = roleOf(useUser().data);
  const groups: { label: string | null; items: Item[] }[] = [
    {
      label: null,
      items: [
        { id: 'chat', label: 'Chat', to: '/chat', icon: MessageSquare, show: true },
        { id: 'usage', label: 'Usage', to: '/usage', icon: ChartColumn, show: true },
      ],
    },
    {
      label: 'Models',
      items: [
        { id: 'models', label: 'Model Aliases', to: '/models', icon: Boxes, show: true },
        { id: 'modelfiles', label: 'Model Files', to: '/modelfiles', icon: HardDrive, show: !isHosted },
        {
          id: 'pull',
          label: 'Model Downloads',
          to: '/pull',
          icon: Download,
          show: !isHosted && hasRole(role, 'power_user'),
        },
      ],
    },
    {
      label: 'Settings',
      items: [
        { id: 'settings', label: 'App Settings', to: '/settings', icon: Settings, show: hasRole(role, 'admin') },
        { id: 'tokens', label: 'API Tokens', to: '/tokens', icon: KeyRound, show: hasRole(role, 'power_user') },
        { id: 'toolsets', label: 'Toolsets', to: '/toolsets', icon: Wrench, show: true },
        { id: 'users', label: 'Manage Users', to: '/users', icon: Users, show: hasRole(role, 'manager') },
      ],
    },
  ];
  const withTip = (label: string, link: ReactNode) =>
    collapsed ? (
      <Tooltip content={label} side="right">
        {link}
      </Tooltip>
    ) : (
      link
    );
  const text = (label: string) => <span className={cn('truncate', collapsed && 'sr-only')}>{label}</span>;

  return (
    <nav aria-label="Main" className="flex flex-col gap-5 p-3">
      {groups.map((g) => {
        const items = g.items.filter((i) => i.show);
        if (!items.length) return null;
        return (
          <div key={g.label ?? 'top'} className="grid gap-1">
            {g.label && <GroupLabel collapsed={collapsed}>{g.label}</GroupLabel>}
            <ul className="grid gap-0.5">
              {items.map((i) => (
                <li key={i.id}>
                  {withTip(
                    i.label,
                    <NavLink
                      to={i.to}
                      data-testid={`nav-${i.id}`}
                      className={cn(linkClass(collapsed), activeClass)}
                      onClick={onNavigate}
                    >
                      <i.icon aria-hidden="true" />
                      {text(i.label)}
                    </NavLink>,
                  )}
                </li>
              ))}
            </ul>
          </div>
        );
      })}
      <div className="grid gap-1">
        <GroupLabel collapsed={collapsed}>Documentation</GroupLabel>
        <ul className="grid gap-0.5">
          <li>
            {withTip(
              'API reference',
              <NavLink
                to="/api-docs"
                data-testid="nav-api-docs"
                className={cn(linkClass(collapsed), activeClass)}
                onClick={onNavigate}
              >
                <BookOpen aria-hidden="true" />
                {text('API reference')}
              </NavLink>,
            )}
          </li>
        </ul>
      </div>
    </nav>
  );
}

function GroupLabel({ collapsed, children }: { collapsed: boolean; children: ReactNode }) {
  return (
    <h2
      className={cn(
        'm-0 px-2.5 text-xs font-medium tracking-wide text-muted-foreground uppercase',
        collapsed && 'sr-only',
      )}
    >
      {children}
    </h2>
  );
}
