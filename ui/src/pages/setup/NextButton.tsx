import { ArrowRight } from 'lucide-react';
import type { ReactNode } from 'react';
import { Button } from '../../components/ui/button';

/** The button that moves the setup flow on: right-aligned, full width on a phone. */
export function NextButton({ onClick, children = 'Continue' }: { onClick: () => void; children?: ReactNode }) {
  return (
    <Button className="w-full sm:w-auto sm:self-end" onClick={onClick}>
      {children}
      <ArrowRight aria-hidden="true" />
    </Button>
  );
}
