import { ChevronDown } from 'lucide-react';
import type { ComponentProps } from 'react';
import { cn } from '../../lib/cn';
import { controlClass } from './input';

/**
 * A native <select> with the app's look: native so keyboards, screen readers, phones, tests and e2e
 * (selectOption) all work with it unchanged. `className` sizes the wrapper (width, layout); every other prop goes
 * to the <select> itself.
 */
export function Select({ className, children, ...props }: ComponentProps<'select'>) {
  return (
    <div className={cn('relative', className)}>
      <select className={cn(controlClass, 'h-9 cursor-pointer appearance-none py-1 pr-8')} {...props}>
        {children}
      </select>
      <ChevronDown
        aria-hidden="true"
        className="pointer-events-none absolute top-1/2 right-2.5 size-4 -translate-y-1/2 text-muted-foreground"
      />
    </div>
  );
}
