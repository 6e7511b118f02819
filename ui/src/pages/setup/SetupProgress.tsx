import { Check } from 'lucide-react';
import { cn } from '../../lib/cn';
import { SETUP_STEPS, type SetupPath } from './setupSteps';

/** Where the user is in the setup flow: a bar per step, the step names from md up. */
export function SetupProgress({ current }: { current: SetupPath }) {
  const at = SETUP_STEPS.findIndex((s) => s.path === current);
  return (
    <nav aria-label="Setup progress" className="grid gap-2">
      <p className="text-xs font-medium text-muted-foreground">
        Step {at + 1} of {SETUP_STEPS.length}
        <span className="md:hidden">: {SETUP_STEPS[at]?.label}</span>
      </p>
      <ol className="flex gap-1.5">
        {SETUP_STEPS.map((s, i) => (
          <li key={s.path} className="grid min-w-0 flex-1 gap-1.5" aria-current={i === at ? 'step' : undefined}>
            <span aria-hidden="true" className={cn('h-1.5 rounded-full', i <= at ? 'bg-primary' : 'bg-muted')} />
            <span
              className={cn(
                'hidden items-center gap-1 truncate text-xs md:flex',
                i === at ? 'font-medium text-foreground' : 'text-muted-foreground',
              )}
            >
              {i < at && <Check className="size-3 shrink-0 text-success" aria-hidden="true" />}
              {s.label}
              {i < at && <span className="sr-only"> (done)</span>}
            </span>
          </li>
        ))}
      </ol>
    </nav>
  );
}
