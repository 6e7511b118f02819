import { Loader2, LogIn } from 'lucide-react';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Button } from '../../components/ui/button';
import { storeReturnUrl } from '../../lib/returnUrl';
import { usePageTitle } from '../../shell/pageTitle';
import { ScreenCard, ScreenText, ScreenTitle } from './ScreenCard';
import { SetupProgress } from './SetupProgress';
import { useStartLogin } from '../login/useStartLogin';

/** `/ui/setup/resource-admin`: the next login makes its user the administrator. */
export function ResourceAdminPage() {
  usePageTitle('Become admin');
  const login = useStartLogin();
  const start = () => {
    storeReturnUrl('/ui/setup/download-models');
    login.mutate();
  };
  return (
    <ScreenCard labelledBy="resource-admin-title">
      <SetupProgress current="/setup/resource-admin" />
      <ScreenTitle id="resource-admin-title">Log in to become admin</ScreenTitle>
      <ScreenText>
        This server has no administrator yet. The first user to log in becomes its administrator and can then invite and
        approve everyone else.
      </ScreenText>
      <ErrorMessage error={login.error} />
      <Button
        className="w-full sm:w-auto sm:self-end"
        data-testid="login-button"
        disabled={login.isPending}
        onClick={start}
      >
        {login.isPending ? <Loader2 className="animate-spin" aria-hidden="true" /> : <LogIn aria-hidden="true" />}
        Continue with Login
      </Button>
    </ScreenCard>
  );
}
