import type { UseMutationResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { toast } from '../lib/toast';
import { ConfirmDialog } from './ConfirmDialog';

interface Props {
  title: string;
  /** The delete mutation, called with id. */
  remove: UseMutationResult<unknown, Error, string>;
  id: string;
  /** The toast's title and text once deleted, e.g. ['Alias deleted', 'my-llama']. */
  deleted: [string, string];
  onClose: () => void;
  onDeleted?: () => void;
  /** What deleting takes away, named. */
  children: ReactNode;
}

/** Asks before deleting one thing; once deleted, a toast says so and the dialog closes. */
export function DeleteDialog({ title, remove, id, deleted, onClose, onDeleted, children }: Props) {
  return (
    <ConfirmDialog
      title={title}
      confirmLabel="Delete"
      error={remove.error}
      pending={remove.isPending}
      onConfirm={() =>
        remove.mutate(id, {
          onSuccess: () => {
            toast.success(...deleted);
            onClose();
            onDeleted?.();
          },
        })
      }
      onClose={onClose}
    >
      {children}
    </ConfirmDialog>
  );
}
