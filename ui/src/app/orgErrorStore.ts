import { createContext, useContext, useSyncExternalStore } from 'react';
import type { ApiError, OrgScreenCode } from '../api/ApiError';

export interface OrgErrorState {
  code: OrgScreenCode;
  error: ApiError;
}

/** The global org error (ui.md §3.3): once set, the org error screen replaces the whole app. */
export interface OrgErrorStore {
  get(): OrgErrorState | null;
  set(state: OrgErrorState): void;
  subscribe(listener: () => void): () => void;
}

export function createOrgErrorStore(): OrgErrorStore {
  let state: OrgErrorState | null = null;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(next) {
      state = next;
      listeners.forEach((l) => l());
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export const OrgErrorStoreContext = createContext<OrgErrorStore | null>(null);

export function useOrgError(): OrgErrorState | null {
  const store = useContext(OrgErrorStoreContext);
  if (!store) throw new Error('useOrgError must be used inside AppProviders');
  return useSyncExternalStore(store.subscribe, store.get);
}
