import { useId, type ReactNode } from 'react';
import { cn } from '../../lib/cn';
import { Label } from './label';

/** The attributes a control needs to be tied to its label, hint and error. */
export interface FieldControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}

interface Props {
  label: ReactNode;
  hint?: ReactNode;
  /** The field's error (react-hook-form's `errors.x?.message`); shown under the control and announced. */
  error?: string | null;
  /** `inline` puts a checkbox or switch before its label on one line. */
  layout?: 'stacked' | 'inline';
  className?: string;
  /** Renders the control with the ids it must carry: `{(ids) => <Input {...ids} {...register('name')} />}`. */
  children: (ids: FieldControlProps) => ReactNode;
}

/** A label, a control, and an optional hint and error tied to the control for assistive technology. */
export function FormField({ label, hint, error, layout = 'stacked', className, children }: Props) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const control = children({ id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined });
  return (
    <div className={cn('grid gap-1.5', className)}>
      {layout === 'inline' ? (
        <div className="flex items-center gap-2">
          {control}
          <Label htmlFor={id}>{label}</Label>
        </div>
      ) : (
        <>
          <Label htmlFor={id}>{label}</Label>
          {control}
        </>
      )}
      {hint && (
        <p className="text-xs text-muted-foreground" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="text-xs font-medium text-destructive" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
