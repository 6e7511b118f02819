import type { ReactNode } from 'react';
import { Dialog } from './Dialog';
import { ErrorMessage } from './ErrorMessage';

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

/** A yes/no dialog for one action; Cancel has the focus, so Enter never confirms by accident. */
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
  return (
    <Dialog title={title} onClose={onClose}>
      <p>{children}</p>
      <ErrorMessage error={error} />
      <div className="row end">
        <button type="button" className="button" data-autofocus onClick={onClose}>
          Cancel
        </button>
        <button type="button" className={`button ${tone}`} disabled={pending} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
