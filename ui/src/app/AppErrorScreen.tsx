interface Props {
  message: string;
  onRetry: () => void;
}

/** A bootstrap failure that is not an org error: network down, 5xx, an unexpected status (ui.md §3.2, §6). */
export function AppErrorScreen({ message, onRetry }: Props) {
  return (
    <main className="screen-center" data-testid="app-error">
      <section className="card" role="alert" aria-labelledby="app-error-title">
        <h1 id="app-error-title">Something went wrong</h1>
        <p>{message}</p>
        <button type="button" className="button primary" onClick={onRetry}>
          Retry
        </button>
      </section>
    </main>
  );
}
