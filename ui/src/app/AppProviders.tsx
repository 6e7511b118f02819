import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { Toaster } from '../components/ui/toast';
import { createOrgErrorStore, OrgErrorStoreContext } from './orgErrorStore';
import { createQueryClient } from './queryClient';

interface Props {
  children: ReactNode;
  /** Tests turn retries off so failures show at once. */
  queryRetry?: boolean;
}

const TO_SETUP = 'bodhi:to-setup';

/** The org error store and the QueryClient, wired to the router. Must sit inside a router. */
export function AppProviders({ children, queryRetry = true }: Props) {
  const navigate = useNavigate();
  const [orgErrors] = useState(createOrgErrorStore);
  // the client outlives renders; it asks for navigation through an event the current router listens to
  const [events] = useState(() => new EventTarget());
  const [client] = useState(() =>
    createQueryClient({ orgErrors, toSetup: () => events.dispatchEvent(new Event(TO_SETUP)) }, { retry: queryRetry }),
  );
  useEffect(() => {
    const toSetup = () => navigate('/setup');
    events.addEventListener(TO_SETUP, toSetup);
    return () => events.removeEventListener(TO_SETUP, toSetup);
  }, [events, navigate]);

  return (
    <OrgErrorStoreContext.Provider value={orgErrors}>
      <QueryClientProvider client={client}>
        {children}
        {/* the one Toaster, for pages inside the shell and outside it alike */}
        <Toaster />
      </QueryClientProvider>
    </OrgErrorStoreContext.Provider>
  );
}
