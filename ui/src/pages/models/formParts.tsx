import { useId, type ComponentProps, type ReactNode } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage';
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
  return <ErrorMessage error={message} />;
}

/** What a list shows when it has nothing yet: what goes here, and who can add it. */
export function EmptyState({ icon, title, children }: { icon: ReactNode; title: string; children?: ReactNode }) {
  return (
    <div className="flex flex-col items-center gap-3 rounded-xl border border-dashed border-border px-4 py-10 text-center">
      <div className="rounded-full bg-muted p-3 text-muted-foreground [&_svg]:size-6">{icon}</div>
      <p className="font-medium">{title}</p>
      {children && (
        <div className="grid max-w-md justify-items-center gap-3 text-sm text-muted-foreground">{children}</div>
      )}
    </div>
  );
}

/** The buttons ending a form: right-aligned, stacked full-width on a phone with the main action on top. */
export function FormActions({ children, className }: { children: ReactNode; className?: string }) {
  return <div className={cn('flex flex-col-reverse gap-2 sm:flex-row sm:justify-end', className)}>{children}</div>;
}
