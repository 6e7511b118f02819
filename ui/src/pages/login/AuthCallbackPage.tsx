import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Loader2, RotateCcw } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { paths } from '../../api/paths';
import type { LocationResponse } from '../../api/types';
import { Button } from '../../components/ui/button';
import { takeReturnUrl } from '../../lib/returnUrl';
import { useGoTo } from '../../lib/useGoTo';
import { ScreenCard, ScreenTitle } from '../setup/ScreenCard';
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
      <ScreenCard labelledBy="callback-error-title">
        <div role="alert" className="grid gap-2">
          <ScreenTitle id="callback-error-title">Login failed</ScreenTitle>
          <p className="text-sm text-destructive">{callback.error.message}</p>
        </div>
        <Button className="w-full sm:w-auto sm:self-end" disabled={retry.isPending} onClick={() => retry.mutate()}>
          <RotateCcw aria-hidden="true" />
          Try Again
        </Button>
      </ScreenCard>
    );
  }
  return (
    <main id="main" className="flex min-h-dvh items-center justify-center bg-background text-foreground">
      <p role="status" className="flex items-center gap-2 text-sm text-muted-foreground">
        <Loader2 className="size-4 animate-spin" aria-hidden="true" />
        Processing login…
      </p>
    </main>
  );
}
