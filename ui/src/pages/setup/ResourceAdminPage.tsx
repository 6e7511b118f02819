import { ErrorMessage } from '../../components/ErrorMessage';
import { storeReturnUrl } from '../../lib/returnUrl';
import { usePageTitle } from '../../shell/pageTitle';
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
    <main className="screen-center">
      <section className="card setup-card" aria-labelledby="resource-admin-title">
        <SetupProgress current="/setup/resource-admin" />
        <h1 id="resource-admin-title">Log in to become admin</h1>
        <p>
          This server has no administrator yet. The first user to log in becomes its administrator and can then invite
          and approve everyone else.
        </p>
        <button
          type="button"
          className="button primary"
          data-testid="login-button"
          disabled={login.isPending}
          onClick={start}
        >
          Continue with Login
        </button>
        <ErrorMessage error={login.error} />
      </section>
    </main>
  );
}
