import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { MemoryRouter, useLocation } from 'react-router';
import { App } from '../app/App';
import { AppProviders } from '../app/AppProviders';
import { OrgProvider } from '../org/OrgProvider';
import { mockFetch, type Routes } from './fetchMock';

/** Shows the router's current location, so tests can assert redirects. */
function LocationProbe() {
  const loc = useLocation();
  return <div data-testid="location">{`${loc.pathname}${loc.search}`}</div>;
}

/** The whole app at `path` (a /ui/… URL), with fetch answered by `routes`. */
export function renderApp(path: string, routes: Routes) {
  const fetch = mockFetch(routes);
  const user = userEvent.setup();
  const result = render(
    <MemoryRouter basename="/ui" initialEntries={[path]}>
      <App queryRetry={false} />
      <LocationProbe />
    </MemoryRouter>,
  );
  return { ...result, fetch, user };
}

/** One component inside the app's providers (router, query client, org error store, org context). */
export function renderWithProviders(ui: ReactNode, routes: Routes, path = '/ui/chat') {
  const fetch = mockFetch(routes);
  const user = userEvent.setup();
  const result = render(
    <MemoryRouter basename="/ui" initialEntries={[path]}>
      <AppProviders queryRetry={false}>
        <OrgProvider>{ui}</OrgProvider>
      </AppProviders>
      <LocationProbe />
    </MemoryRouter>,
  );
  return { ...result, fetch, user };
}
