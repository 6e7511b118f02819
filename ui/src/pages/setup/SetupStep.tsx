import { useId, type ReactNode } from 'react';
import { usePageTitle } from '../../shell/pageTitle';
import { SetupProgress } from './SetupProgress';
import type { SetupPath } from './setupSteps';

interface Props {
  step: SetupPath;
  title: string;
  /** Wider card for pages with a form or a catalogue. */
  wide?: boolean;
  children: ReactNode;
}

/** A setup page: a centred card with the progress, the heading and the step's content. */
export function SetupStep({ step, title, wide, children }: Props) {
  usePageTitle(title);
  const titleId = useId();
  return (
    <main className="screen-center">
      <section className={wide ? 'card setup-card wide' : 'card setup-card'} aria-labelledby={titleId}>
        <SetupProgress current={step} />
        <h1 id={titleId}>{title}</h1>
        {children}
      </section>
    </main>
  );
}
