import { OrgProvider } from '../org/OrgProvider';
import { AppProviders } from './AppProviders';
import { AppRoutes } from './AppRoutes';
import { OrgErrorGate } from './OrgErrorGate';

/** The whole app, minus the router (BrowserRouter in main.tsx, MemoryRouter in tests). */
export function App({ queryRetry }: { queryRetry?: boolean }) {
  return (
    <AppProviders queryRetry={queryRetry}>
      <OrgErrorGate>
        <OrgProvider>
          <AppRoutes />
        </OrgProvider>
      </OrgErrorGate>
    </AppProviders>
  );
}
