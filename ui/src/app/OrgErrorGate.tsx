import type { ReactNode } from 'react';
import { OrgErrorScreen } from '../org/OrgErrorScreen';
import { useOrgError } from './orgErrorStore';

/** Renders the app, or only the org error screen once any call has answered with an org error. */
export function OrgErrorGate({ children }: { children: ReactNode }) {
  const orgError = useOrgError();
  if (orgError) return <OrgErrorScreen code={orgError.code} />;
  return <>{children}</>;
}
