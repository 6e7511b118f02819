import { SETUP_STEPS, type SetupPath } from './setupSteps';

/** Where the user is in the setup flow. */
export function SetupProgress({ current }: { current: SetupPath }) {
  const at = SETUP_STEPS.findIndex((s) => s.path === current);
  return (
    <nav aria-label="Setup progress">
      <ol className="setup-progress">
        {SETUP_STEPS.map((s, i) => (
          <li
            key={s.path}
            className={i < at ? 'done' : i === at ? 'current' : undefined}
            aria-current={i === at ? 'step' : undefined}
          >
            {s.label}
          </li>
        ))}
      </ol>
      <p className="visually-hidden">
        Step {at + 1} of {SETUP_STEPS.length}
      </p>
    </nav>
  );
}
