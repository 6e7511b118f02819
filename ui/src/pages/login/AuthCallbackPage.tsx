import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { paths } from '../../api/paths';
import type { LocationResponse } from '../../api/types';
import { takeReturnUrl } from '../../lib/returnUrl';
import { useGoTo } from '../../lib/useGoTo';
import { useStartLogin } from './useStartLogin';

/**
 * `/ui/auth/callback` (ui.md §7): posts every query parameter the identity provider sent, then goes to the stored
 * return URL (a /ui/ path only) or to the location the server answered.
 */
export function AuthCallbackPage() {
  const [params] = useSearchParams();
  const goTo = useGoTo();
  const queryClient = useQueryClient();
  const retry = useStartLogin();
  const callback = useMutation({
    mutationFn: (body: Record<string, string>) => api<LocationResponse>(paths.authCallback, { method: 'POST', body }),
    onSuccess: ({ location }) => {
      const target = takeReturnUrl() ?? location;
      // who the user is, and maybe the app status, just changed. Reset (not remove): mounted observers, such as
      // OrgProvider's, must be told, or they keep watching queries that left the cache.
      void queryClient.resetQueries();
      goTo(target);
    },
  });

  // the code can be exchanged once: post it once, even when effects run twice (StrictMode)
  const posted = useRef(false);
  const { mutate } = callback;
  useEffect(() => {
    if (posted.current) return;
    posted.current = true;
    mutate(Object.fromEntries(params.entries()));
  }, [params, mutate]);

  if (callback.isError) {
    return (
      <main className="screen-center">
        <section className="card" role="alert" aria-labelledby="callback-error-title">
          <h1 id="callback-error-title">Login failed</h1>
          <p>{callback.error.message}</p>
          <button type="button" className="button primary" disabled={retry.isPending} onClick={() => retry.mutate()}>
            Try Again
          </button>
        </section>
      </main>
    );
  }
  return (
    <main className="screen-center">
      <p role="status">Processing login…</p>
    </main>
  );
}
