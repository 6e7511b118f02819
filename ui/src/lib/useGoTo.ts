import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import { browser } from './browser';
import { webUrl } from './safeUrl';

/** Router path for a /ui/… location (the router's basename is /ui). */
export function uiPathToRoute(location: string): string {
  return location === '/ui' ? '/' : location.replace(/^\/ui(?=\/)/, '');
}

/**
 * Goes to a location the server returned: /ui/ paths use the router (ui.md §4); absolute http(s) URLs (identity
 * provider, other orgs) get a full page load. Anything else throws without navigating: called from a mutation's
 * onSuccess, that fails the mutation, so the page shows the message where it shows the request's errors.
 */
export function useGoTo(): (location: string) => void {
  const navigate = useNavigate();
  return useCallback(
    (location: string) => {
      if (location.startsWith('/ui/') || location === '/ui') {
        navigate(uiPathToRoute(location));
        return;
      }
      const target = webUrl(location);
      if (!target) throw new Error('The server sent an address that is not a web address, so Bodhi did not open it.');
      browser.assign(target);
    },
    [navigate],
  );
}
