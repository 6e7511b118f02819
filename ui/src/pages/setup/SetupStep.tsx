import { useId, type ReactNode } from 'react';
import { usePageTitle } from '../../shell/pageTitle';
import { ScreenCard, ScreenTitle } from './ScreenCard';
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
    <ScreenCard labelledBy={titleId} wide={wide}>
      <SetupProgress current={step} />
      <ScreenTitle id={titleId}>{title}</ScreenTitle>
      {children}
    </ScreenCard>
  );
}
