import type { ReactNode } from 'react';
import { ErrorMessage } from './ErrorMessage';
import { useReturnFocus } from './useReturnFocus';
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from './ui/alert-dialog';
import { Button } from './ui/button';

interface Props {
  title: string;
  /** What confirming does, in a sentence or two. */
  children: ReactNode;
  confirmLabel: string;
  /** `danger` for what cannot be undone. */
  tone?: 'primary' | 'danger';
  /** The action's state: its error is shown, and confirming is disabled while it runs. */
  error: unknown;
  pending: boolean;
  onConfirm: () => void;
  onClose: () => void;
}

/** A yes/no dialog for one action, open while rendered; Cancel has the focus, so Enter never confirms by accident. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  tone = 'danger',
  error,
  pending,
  onConfirm,
  onClose,
}: Props) {
  const { remember, onCloseAutoFocus } = useReturnFocus();
  return (
    <AlertDialog
      open
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
    >
      {/* role "dialog", not Radix's "alertdialog": the scenarios and tests find these dialogs by that role */}
      <AlertDialogContent role="dialog" ref={remember} onCloseAutoFocus={onCloseAutoFocus}>
        <AlertDialogHeader>
          <AlertDialogTitle>{title}</AlertDialogTitle>
          <AlertDialogDescription>{children}</AlertDialogDescription>
        </AlertDialogHeader>
        <ErrorMessage error={error} />
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <Button variant={tone === 'danger' ? 'destructive' : 'default'} disabled={pending} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
