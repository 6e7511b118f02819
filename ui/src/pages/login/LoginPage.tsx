import { House, Loader2, LogIn, LogOut } from 'lucide-react';
import { Link, useSearchParams } from 'react-router';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Button } from '../../components/ui/button';
import { usernameOf, useUser } from '../../hooks/useUser';
import { useOrgContext } from '../../org/orgContext';
import { logout } from '../../lib/logout';
import { usePageTitle } from '../../shell/pageTitle';
import { ScreenCard, ScreenText, ScreenTitle } from '../setup/ScreenCard';
import { useStartLogin } from './useStartLogin';

/** `/ui/login` (ui.md §7): sign in to this org, or, when signed in, go home or log out. */
export function LoginPage() {
  usePageTitle('Login');
  const { org } = useOrgContext();
  const user = useUser();
  const login = useStartLogin();
  const [params] = useSearchParams();
  const insufficient = params.get('error') === 'insufficient-role';

  if (user.isPending) return <Loading />;
  const username = usernameOf(user.data);
  return (
    <ScreenCard labelledBy="login-title">
      {insufficient && (
        <ErrorMessage error="Your role does not allow access to that page. Ask an administrator for a higher role." />
      )}
      {username ? (
        <>
          <ScreenTitle id="login-title">Welcome, {username}</ScreenTitle>
          <div className="flex flex-col gap-2 sm:flex-row">
            <Button asChild>
              <Link to="/chat">
                <House aria-hidden="true" />
                Go to Home
              </Link>
            </Button>
            <Button variant="outline" onClick={() => void logout()}>
              <LogOut aria-hidden="true" />
              Log Out
            </Button>
          </div>
        </>
      ) : (
        <>
          <ScreenTitle id="login-title">{org ? `Sign in to ${org.display_name}` : 'Sign in'}</ScreenTitle>
          <ScreenText>You will be sent to your identity provider to log in.</ScreenText>
          <ErrorMessage error={login.error} />
          <Button
            data-testid="login-button"
            className="w-full"
            disabled={login.isPending}
            onClick={() => login.mutate()}
          >
            {login.isPending ? <Loader2 className="animate-spin" aria-hidden="true" /> : <LogIn aria-hidden="true" />}
            {login.isPending ? 'Redirecting…' : 'Login'}
          </Button>
        </>
      )}
    </ScreenCard>
  );
}
