import { Link, useSearchParams } from 'react-router';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { usernameOf, useUser } from '../../hooks/useUser';
import { useOrgContext } from '../../org/orgContext';
import { logout } from '../../lib/logout';
import { usePageTitle } from '../../shell/pageTitle';
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
    <main className="screen-center">
      <section className="card" aria-labelledby="login-title">
        {insufficient && (
          <p className="error" role="alert">
            Your role does not allow access to that page. Ask an administrator for a higher role.
          </p>
        )}
        {username ? (
          <>
            <h1 id="login-title">Welcome, {username}</h1>
            <div className="row">
              <Link to="/chat" className="button primary">
                Go to Home
              </Link>
              <button type="button" className="button" onClick={() => void logout()}>
                Log Out
              </button>
            </div>
          </>
        ) : (
          <>
            <h1 id="login-title">{org ? `Sign in to ${org.display_name}` : 'Sign in'}</h1>
            <p>You will be sent to your identity provider to log in.</p>
            <button
              type="button"
              className="button primary"
              data-testid="login-button"
              disabled={login.isPending}
              onClick={() => login.mutate()}
            >
              {login.isPending ? 'Redirecting…' : 'Login'}
            </button>
            <ErrorMessage error={login.error} />
          </>
        )}
      </section>
    </main>
  );
}
