import { createContext, useContext } from 'react';

export interface OrgSummary {
  slug: string;
  display_name: string;
}

export interface OrgContextValue {
  org: OrgSummary | null;
  isLoading: boolean;
  error: Error | null;
}

export const OrgContext = createContext<OrgContextValue | null>(null);

/** The current org: from /orgs/current when logged in, else from app/info (ui.md §5.2). */
export function useOrgContext(): OrgContextValue {
  const value = useContext(OrgContext);
  if (!value) throw new Error('useOrgContext must be used inside OrgProvider');
  return value;
}
