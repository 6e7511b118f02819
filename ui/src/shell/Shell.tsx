import { Menu, PanelLeftClose, PanelLeftOpen } from 'lucide-react';
import { useState } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { Button } from '../components/ui/button';
import { Sheet, SheetContent, SheetDescription, SheetTitle } from '../components/ui/sheet';
import { Tooltip } from '../components/ui/tooltip';
import { cn } from '../lib/cn';
import { OrgSwitcher } from '../org/OrgSwitcher';
import { CrumbContext } from './pageTitle';
import { Sidebar } from './Sidebar';
import { ThemeToggle } from './ThemeToggle';
import { UserMenu } from './UserMenu';
import { useSmallScreen } from './useSmallScreen';

const COLLAPSED_KEY = 'bodhi-sidebar-collapsed';

function readCollapsed(): boolean {
  try {
    return localStorage.getItem(COLLAPSED_KEY) === '1';
  } catch {
    return false;
  }
}

function Logo({ compact = false }: { compact?: boolean }) {
  return (
    <Link
      to="/chat"
      aria-label="Bodhi home"
      className="flex items-center gap-2 rounded-md text-base font-semibold text-foreground no-underline tracking-tight outline-none focus-visible:ring-2 focus-visible:ring-ring"
    >
      <span
        aria-hidden="true"
        className="grid size-7 place-items-center rounded-md bg-primary text-sm font-bold text-primary-foreground"
      >
        B
      </span>
      {!compact && <span>Bodhi</span>}
    </Link>
  );
}

/**
 * Sidebar (collapsible, remembered) and header on wide screens; on narrow ones the same navigation in a sheet
 * opened from the header. Only one of the two is ever rendered, so there is one "Main" navigation at a time.
 */
export function Shell() {
  const [crumb, setCrumb] = useState('');
  const small = useSmallScreen();
  const [collapsed, setCollapsed] = useState(readCollapsed);
  const { pathname } = useLocation();
  // the page the sheet was opened on: following a link (or going back) closes it
  const [sheetPath, setSheetPath] = useState<string | null>(null);
  const sheetShown = small && sheetPath === pathname;
  const setSheetOpen = (open: boolean) => setSheetPath(open ? pathname : null);

  const toggleCollapsed = () => {
    const next = !collapsed;
    setCollapsed(next);
    try {
      localStorage.setItem(COLLAPSED_KEY, next ? '1' : '0');
    } catch {
      // storage blocked: remembered for this page only
    }
  };

  return (
    <CrumbContext.Provider value={setCrumb}>
      <div className="flex min-h-dvh bg-background text-foreground">
        <a
          href="#main"
          className="sr-only z-[60] rounded-md bg-primary px-3 py-2 text-primary-foreground focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
        >
          Skip to content
        </a>
        {!small && (
          <aside
            className={cn(
              'sticky top-0 flex h-dvh shrink-0 flex-col self-start border-r border-border bg-card transition-[width] motion-reduce:transition-none',
              collapsed ? 'w-16' : 'w-60',
            )}
          >
            <div
              className={cn('flex h-14 items-center border-b border-border px-4', collapsed && 'justify-center px-0')}
            >
              <Logo compact={collapsed} />
            </div>
            <div className="min-h-0 flex-1 overflow-y-auto">
              <Sidebar collapsed={collapsed} />
            </div>
            <div className={cn('border-t border-border p-3', collapsed && 'flex justify-center')}>
              <Tooltip content={collapsed ? 'Expand sidebar' : 'Collapse sidebar'} side="right">
                <Button
                  variant="ghost"
                  size="icon"
                  aria-label={collapsed ? 'Expand sidebar' : 'Collapse sidebar'}
                  aria-expanded={!collapsed}
                  onClick={toggleCollapsed}
                >
                  {collapsed ? <PanelLeftOpen aria-hidden="true" /> : <PanelLeftClose aria-hidden="true" />}
                </Button>
              </Tooltip>
            </div>
          </aside>
        )}
        <div className="flex min-w-0 flex-1 flex-col">
          <header className="sticky top-0 z-40 flex h-14 items-center gap-2 border-b border-border bg-background/95 px-3 backdrop-blur sm:px-4">
            {small && (
              <>
                <Button variant="ghost" size="icon" aria-label="Open navigation" onClick={() => setSheetOpen(true)}>
                  <Menu aria-hidden="true" />
                </Button>
                <Logo compact />
              </>
            )}
            <div className="flex min-w-0 items-center gap-2">
              <OrgSwitcher />
              {crumb && (
                <nav aria-label="Breadcrumb" className="hidden min-w-0 items-center gap-2 text-sm md:flex">
                  <span aria-hidden="true" className="text-muted-foreground">
                    /
                  </span>
                  <span aria-current="page" className="truncate font-medium">
                    {crumb}
                  </span>
                </nav>
              )}
            </div>
            <div className="ml-auto flex shrink-0 items-center gap-1">
              <ThemeToggle />
              <UserMenu />
            </div>
          </header>
          <main id="main" tabIndex={-1} className="min-w-0 flex-1 p-4 outline-none sm:p-6">
            <Outlet />
          </main>
        </div>
        <Sheet open={sheetShown} onOpenChange={setSheetOpen}>
          <SheetContent side="left" className="gap-0 p-0">
            <div className="flex h-14 items-center border-b border-border px-4">
              <SheetTitle>Navigation</SheetTitle>
              <SheetDescription className="sr-only">The app's pages</SheetDescription>
            </div>
            <Sidebar onNavigate={() => setSheetOpen(false)} />
          </SheetContent>
        </Sheet>
      </div>
    </CrumbContext.Provider>
  );
}
