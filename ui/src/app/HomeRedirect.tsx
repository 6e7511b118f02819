import { Navigate } from 'react-router';
import { useAppMode } from '../hooks/useAppMode';
import { AppInitializer, STATUS_HOME } from './AppInitializer';

/** `/ui/`: off to the page the app status calls for. */
export function HomeRedirect() {
  return (
    <AppInitializer>
      <StatusRedirect />
    </AppInitializer>
  );
}

function StatusRedirect() {
  const { status } = useAppMode();
  return status ? <Navigate to={STATUS_HOME[status]} replace /> : null;
}
