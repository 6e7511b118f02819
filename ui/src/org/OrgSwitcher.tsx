import { useUserOrgs } from '../hooks/useUserOrgs';
import { useUser } from '../hooks/useUser';
import { useOrgContext } from './orgContext';
import { OrgSwitcherMenu } from './OrgSwitcherMenu';

/**
 * The org in the header (ui.md §5.3): a skeleton while loading, the name as text when there is nothing to switch
 * to, and a listbox of the caller's memberships when there are two or more.
 */
export function OrgSwitcher() {
  const { org, isLoading } = useOrgContext();
  const user = useUser();
  const orgs = useUserOrgs();
  const session = user.data?.auth_status === 'logged_in';

  if (isLoading || (session && orgs.isPending)) {
    return (
      <span
        className="block h-5 w-28 animate-pulse rounded-md bg-muted motion-reduce:animate-none"
        role="status"
        aria-label="Loading organization"
      />
    );
  }
  const memberships = session && orgs.data ? orgs.data : [];
  if (memberships.length < 2) {
    if (!org) return null;
    return (
      <span className="truncate px-2 text-sm font-semibold" data-testid="current-org-name">
        {org.display_name}
      </span>
    );
  }
  return <OrgSwitcherMenu memberships={memberships} current={org} />;
}
