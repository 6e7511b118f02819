import { LoaderCircle } from 'lucide-react';
import { cn } from '../lib/cn';

/** A spinner with its text, announced politely to screen readers. */
export function Loading({ label = 'Loading…', className }: { label?: string; className?: string }) {
  return (
    <div
      className={cn('flex items-center gap-2 py-6 text-sm text-muted-foreground', className)}
      role="status"
      aria-live="polite"
    >
      <LoaderCircle className="size-4 animate-spin motion-reduce:animate-none" aria-hidden="true" />
      {label}
    </div>
  );
}
