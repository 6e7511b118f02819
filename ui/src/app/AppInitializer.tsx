import { useEffect, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { orgScreenCode } from '../api/ApiError';
import type { AppStatus } from '../api/types';
import { Loading } from '../components/Loading';
import { useAppMode } from '../hooks/useAppMode';
import { useUser } from '../hooks/useUser';
import { storeReturnUrl } from '../lib/returnUrl';
import { hasRole, type RoleName } from '../lib/roles';
import { AppErrorScreen } from './AppErrorScreen';

export const STATUS_HOME: Record<AppStatus, string> = {
  setup: '/setup',
  'resource-admin': '/setup/resource-admin',
  ready: '/chat',
};

interface Props {
  children: ReactNode;
  /** Redirect to the status's home page when the app status differs. */
  allowedStatus?: AppStatus;
  /** Require a logged-in user with a role. */
  authenticated?: boolean;
  /** With `authenticated`: the lowest role that may see the page. */
  minRole?: RoleName;
  /** With `authenticated`: let users without a role through (the request-access page). */
  allowRoleless?: boolean;
}

/** The page guard (ui.md §3.2): app status first, then login, role and minimum role. */
export function AppInitializer({ children, allowedStatus, authenticated, minRole, allowRoleless }: Props) {
  const app = useAppMode();
  const user = useUser();

  if (app.isLoading) return <Loading />;
  if (app.error) {
    if (orgScreenCode(app.error)) return null; // the org error screen takes over
    return <AppErrorScreen message={app.error.message} onRetry={app.refetch} />;
  }
  if (!app.status || !(app.status in STATUS_HOME)) {
    return <AppErrorScreen message={`Unexpected app status "${String(app.status)}".`} onRetry={app.refetch} />;
  }
  if (allowedStatus && app.status !== allowedStatus) return <Navigate to={STATUS_HOME[app.status]} replace />;
  if (!authenticated) return <>{children}</>;

  if (user.isPending) return <Loading />;
  if (user.error) {
    if (orgScreenCode(user.error)) return null;
    return <AppErrorScreen message={user.error.message} onRetry={() => void user.refetch()} />;
  }
  const u = user.data;
  if (u.auth_status === 'logged_out') return <ToLogin />;
  if (!u.role && !allowRoleless) return <Navigate to="/request-access" replace />;
  if (minRole && u.role && !hasRole(u.role, minRole)) return <Navigate to="/login?error=insufficient-role" replace />;
  return <>{children}</>;
}

/** Remembers where the user was, then goes to the login page. */
function ToLogin() {
  const location = useLocation();
  const navigate = useNavigate();
  useEffect(() => {
    storeReturnUrl(`/ui${location.pathname}${location.search}`);
    navigate('/login', { replace: true });
  }, [location.pathname, location.search, navigate]);
  return <Loading />;
}
