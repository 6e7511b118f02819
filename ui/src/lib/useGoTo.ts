import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import { browser } from './browser';

/** Router path for a /ui/… location (the router's basename is /ui). */
export function uiPathToRoute(location: string): string {
  return location === '/ui' ? '/' : location.replace(/^\/ui(?=\/)/, '');
}

/**
 * Goes to a location the server returned: absolute http(s) URLs (identity provider, other orgs) and anything
 * outside /ui/ get a full page load; /ui/ paths use the router (ui.md §4).
 */
export function useGoTo(): (location: string) => void {
  const navigate = useNavigate();
  return useCallback(
    (location: string) => {
      if (location.startsWith('/ui/') || location === '/ui') {
        navigate(uiPathToRoute(location));
      } else {
        browser.assign(location);
      }
    },
    [navigate],
  );
}
