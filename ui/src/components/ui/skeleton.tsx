import type { ComponentProps } from 'react';
import { cn } from '../../lib/cn';

/** A placeholder shape while content loads; decorative, so the surrounding status text is what is announced. */
export function Skeleton({ className, ...props }: ComponentProps<'div'>) {
  return (
    <div
      aria-hidden="true"
      className={cn('animate-pulse rounded-md bg-muted motion-reduce:animate-none', className)}
      {...props}
    />
  );
}
