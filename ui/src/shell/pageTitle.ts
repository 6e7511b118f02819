import { createContext, useContext, useEffect } from 'react';
import { useOrgContext } from '../org/orgContext';

/** Lets a page put its name in the shell's breadcrumb. */
export const CrumbContext = createContext<(title: string) => void>(() => undefined);

/** Sets `<page> | <org display name> | Bodhi` as the document title (ui.md §4) and the breadcrumb. */
export function usePageTitle(title: string): void {
  const { org } = useOrgContext();
  const setCrumb = useContext(CrumbContext);
  useEffect(() => {
    document.title = [title, org?.display_name, 'Bodhi'].filter(Boolean).join(' | ');
    setCrumb(title);
  }, [title, org?.display_name, setCrumb]);
}
