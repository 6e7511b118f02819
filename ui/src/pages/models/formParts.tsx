import { useId, type ComponentProps, type ReactNode } from 'react';
import { cn } from '../../lib/cn';

/*
 * Small form pieces shared by the token, API model, toolset and setup forms. Checkboxes and radios stay native so
 * react-hook-form's `register` works on them directly; `accent-primary` gives them the theme's colour.
 */

const boxClass =
  'size-4 shrink-0 cursor-pointer accent-primary outline-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-2 focus-visible:ring-offset-background disabled:cursor-not-allowed';

interface CheckProps extends Omit<ComponentProps<'input'>, 'type'> {
  label: ReactNode;
  type?: 'checkbox' | 'radio';
  /** A line under the label, tied to the control. */
  hint?: ReactNode;
}

/** A native checkbox or radio with its label on the same line. */
export function CheckField({ label, hint, type = 'checkbox', className, ...props }: CheckProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const describedBy = [props['aria-describedby'], hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={cn('flex items-start gap-2', className)}>
      <input id={id} type={type} className={cn(boxClass, 'mt-0.5')} {...props} aria-describedby={describedBy} />
      <div className="grid gap-0.5">
        <label htmlFor={id} className="cursor-pointer text-sm leading-5">
          {label}
        </label>
        {hint && (
          <p id={hintId} className="text-xs text-muted-foreground">
            {hint}
          </p>
        )}
      </div>
    </div>
  );
}

/** A message under a control or group, linked by id from the control's aria-describedby. */
export function FieldError({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <p id={id} className="text-xs font-medium text-destructive">
      {children}
    </p>
  );
}

/** A failed submit that is about no single field. */
export function FormError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className="rounded-md border border-destructive/40 px-3 py-2 text-sm text-destructive">
      {message}
    </p>
  );
}

/** The buttons ending a form: right-aligned, stacked full-width on a phone with the main action on top. */
export function FormActions({ children, className }: { children: ReactNode; className?: string }) {
  return <div className={cn('flex flex-col-reverse gap-2 sm:flex-row sm:justify-end', className)}>{children}</div>;
}
