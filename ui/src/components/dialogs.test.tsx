import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ConfirmDialog } from './ConfirmDialog';
import { Dialog } from './Dialog';

describe('ConfirmDialog', () => {
  it('focuses Cancel first, shows the error, and disables confirming while pending', async () => {
    const onConfirm = vi.fn();
    const onClose = vi.fn();
    const user = userEvent.setup();
    const { rerender } = render(
      <ConfirmDialog
        title="Remove?"
        confirmLabel="Remove"
        error={null}
        pending={false}
        onConfirm={onConfirm}
        onClose={onClose}
      >
        It goes for good.
      </ConfirmDialog>,
    );
    const dialog = screen.getByRole('dialog', { name: 'Remove?' });
    expect(dialog).toHaveAccessibleDescription('It goes for good.');
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Remove' }));
    expect(onConfirm).toHaveBeenCalledOnce();

    rerender(
      <ConfirmDialog
        title="Remove?"
        confirmLabel="Remove"
        error={new Error('Nope')}
        pending
        onConfirm={onConfirm}
        onClose={onClose}
      >
        It goes for good.
      </ConfirmDialog>,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('Nope');
    expect(screen.getByRole('button', { name: 'Remove' })).toBeDisabled();
    await user.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledOnce();
  });
});

function Opener() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Open
      </button>
      {open && (
        <Dialog title="Edit" onClose={() => setOpen(false)}>
          <input aria-label="First" />
          <input aria-label="Second" data-autofocus />
        </Dialog>
      )}
    </>
  );
}

describe('Dialog', () => {
  it('focuses [data-autofocus], closes with Escape, and returns focus to the opener', async () => {
    const user = userEvent.setup();
    render(<Opener />);
    await user.click(screen.getByRole('button', { name: 'Open' }));
    expect(screen.getByRole('dialog', { name: 'Edit' })).toBeInTheDocument();
    expect(screen.getByLabelText('Second')).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await vi.waitFor(() => expect(screen.getByRole('button', { name: 'Open' })).toHaveFocus());
  });
});
