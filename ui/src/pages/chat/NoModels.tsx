import { Link } from 'react-router';
import { useAppMode } from '../../hooks/useAppMode';
import { roleOf, useUser } from '../../hooks/useUser';
import { hasRole } from '../../lib/roles';

/**
 * Says who can add a model when there is none: API models and (standalone) downloads are managed by power users and
 * above (the server's api-models and modelfiles/pull routes), so they get links; anyone else learns whom to ask.
 */
export function NoModels({ id }: { id: string }) {
  const role = roleOf(useUser().data);
  const { isHosted } = useAppMode();
  if (hasRole(role, 'power_user'))
    return (
      <p id={id} className="text-sm text-muted-foreground">
        No models yet.{' '}
        <Link to="/api-models/new" className="font-medium text-primary underline underline-offset-2">
          Add an API model
        </Link>
        {!isHosted && (
          <>
            {' '}
            or{' '}
            <Link to="/pull" className="font-medium text-primary underline underline-offset-2">
              download a local model
            </Link>
          </>
        )}{' '}
        to start chatting.
      </p>
    );
  return (
    <p id={id} className="text-sm text-muted-foreground">
      No models yet. Ask an admin, manager or power user of this {isHosted ? 'organisation' : 'Bodhi server'} to add an
      API model{isHosted ? '' : ' or download a local model'}.
    </p>
  );
}
