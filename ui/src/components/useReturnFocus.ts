import { useCallback, useState } from 'react';

/** Each open dialog's box → the control that opened it (outside any dialog). */
const openers = new WeakMap<Element, HTMLElement>();

const DIALOG = '[role="dialog"], [role="alertdialog"]';

/**
 * Where focus goes when a dialog that is open while rendered goes away. Radix returns focus to a Trigger, but these
 * dialogs have none: the page renders them. When one dialog replaces another (a form, then its result), the opener
 * is the first dialog's, since the control inside the first dialog is gone by then.
 */
export function useReturnFocus() {
  const [opener] = useState(() => {
    const active = document.activeElement as HTMLElement | null;
    const box = active?.closest(DIALOG);
    return (box && openers.get(box)) ?? active;
  });
  const ref = useCallback(
    (box: HTMLElement | null) => {
      if (box && opener) openers.set(box, opener);
    },
    [opener],
  );
  const onCloseAutoFocus = useCallback(
    (e: Event) => {
      e.preventDefault();
      // a dialog that replaced this one already holds the focus
      if (document.activeElement?.closest(DIALOG)) return;
      if (opener?.isConnected) opener.focus();
    },
    [opener],
  );
  return { remember: ref, onCloseAutoFocus };
}
