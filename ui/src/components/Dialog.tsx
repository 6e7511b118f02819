import { useRef, type ReactNode } from 'react';
import { useReturnFocus } from './useReturnFocus';
import { Dialog as DialogRoot, DialogContent, DialogDescription, DialogHeader, DialogTitle } from './ui/dialog';

interface Props {
  title: string;
  /** A sentence under the title, tied to the dialog as its description. */
  description?: ReactNode;
  onClose: () => void;
  children: ReactNode;
  className?: string;
}

/**
 * A modal dialog, open while it is rendered: labelled by its title, focus moved inside on open (to
 * `[data-autofocus]` if present) and kept there, Escape or the close button calls onClose, focus returns after.
 */
export function Dialog({ title, description, onClose, children, className }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const focus = useReturnFocus();
  return (
    <DialogRoot
      open
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
    >
      <DialogContent
        ref={(el) => {
          box.current = el;
          focus.remember(el);
        }}
        className={className}
        onCloseAutoFocus={focus.onCloseAutoFocus}
        onOpenAutoFocus={(e) => {
          const target = box.current?.querySelector<HTMLElement>('[data-autofocus]');
          if (target) {
            e.preventDefault();
            target.focus();
          }
        }}
      >
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          {description && <DialogDescription>{description}</DialogDescription>}
        </DialogHeader>
        {children}
      </DialogContent>
    </DialogRoot>
  );
}
