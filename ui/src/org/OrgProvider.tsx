import { useMemo, type ReactNode } from 'react';
import { useAppMode } from '../hooks/useAppMode';
import { useCurrentOrg } from '../hooks/useCurrentOrg';
import { isLoggedIn, useUser } from '../hooks/useUser';
import { OrgContext, type OrgContextValue } from './orgContext';

export function OrgProvider({ children }: { children: ReactNode }) {
  const app = useAppMode();
  const user = useUser();
  const current = useCurrentOrg();
  const loggedIn = isLoggedIn(user.data);

  const value = useMemo<OrgContextValue>(() => {
    if (loggedIn) {
      // until /orgs/current answers, app/info's copy of the same org keeps the name on screen
      const org = current.data ?? app.org ?? null;
      return { org, isLoading: !org && current.isPending, error: current.error };
    }
    return { org: app.org ?? null, isLoading: app.isLoading || user.isPending, error: app.error ?? user.error };
  }, [
    loggedIn,
    current.data,
    current.isPending,
    current.error,
    app.org,
    app.isLoading,
    app.error,
    user.isPending,
    user.error,
  ]);

  return <OrgContext.Provider value={value}>{children}</OrgContext.Provider>;
}
