import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError, orgScreenCode } from '../api/ApiError';
import { paths } from '../api/paths';
import type { OrgErrorStore } from './orgErrorStore';

export interface ErrorRouting {
  orgErrors: OrgErrorStore;
  /** org_error-not_configured: standalone before setup. */
  toSetup(): void;
}

/**
 * The app's QueryClient. Every query and mutation error goes through one router (ui.md §3.3): org errors raise the
 * org screen, not-configured goes to setup, and a 401 makes the user query refetch so the guards send the user to
 * login.
 */
export function createQueryClient(routing: ErrorRouting, opts: { retry?: boolean } = {}): QueryClient {
  const onError = (error: unknown) => {
    const code = orgScreenCode(error);
    if (code && isApiError(error)) {
      routing.orgErrors.set({ code, error });
    } else if (isApiError(error) && error.code === 'org_error-not_configured') {
      void client.invalidateQueries({ queryKey: [paths.appInfo] }); // the cached status is evidently stale
      routing.toSetup();
    } else if (isApiError(error) && error.status === 401) {
      void client.invalidateQueries({ queryKey: [paths.user] });
    }
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        refetchOnWindowFocus: false,
        // client errors (4xx, org errors) are answers, not glitches: never retry them
        retry:
          opts.retry === false
            ? false
            : (count, err) => count < 2 && !(isApiError(err) && err.status >= 400 && err.status < 500),
      },
    },
  });
  return client;
}
