import type { ComponentProps } from 'react';
import { cn } from '../lib/cn';
import { FormField } from './ui/form-field';

/** FormField with the space below it that stacked forms written for the older Field expect. */
export function Field({ className, ...props }: ComponentProps<typeof FormField>) {
  return <FormField className={cn('mb-4', className)} {...props} />;
}
