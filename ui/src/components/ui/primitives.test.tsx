import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createToastStore } from '../../lib/toast';
import { Button } from './button';
import { FormField } from './form-field';
import { Input } from './input';
import { Select } from './select';
import { Toaster } from './toast';

describe('Button', () => {
  it('is a non-submitting button unless told otherwise, and renders its child with asChild', () => {
    render(
      <>
        <Button>Plain</Button>
        <Button type="submit">Send</Button>
        <Button asChild variant="link">
          <a href="/x">A link</a>
        </Button>
      </>,
    );
    expect(screen.getByRole('button', { name: 'Plain' })).toHaveAttribute('type', 'button');
    expect(screen.getByRole('button', { name: 'Send' })).toHaveAttribute('type', 'submit');
    expect(screen.getByRole('link', { name: 'A link' })).toHaveClass('underline-offset-4');
  });
});

describe('FormField', () => {
  it('ties the label, hint and error to the control', () => {
    render(
      <FormField label="Name" hint="Shown to others" error="Required">
        {(ids) => <Input {...ids} />}
      </FormField>,
    );
    const input = screen.getByLabelText('Name');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription('Shown to others Required');
  });

  it('marks nothing invalid without an error', () => {
    render(
      <FormField label="Role">
        {(ids) => (
          <Select {...ids}>
            <option>User</option>
          </Select>
        )}
      </FormField>,
    );
    expect(screen.getByRole('combobox', { name: 'Role' })).not.toHaveAttribute('aria-invalid');
  });
});

describe('Toaster', () => {
  it('shows toasts from its store, errors as alerts, and dismisses on "Dismiss"', async () => {
    const store = createToastStore();
    const user = userEvent.setup();
    render(<Toaster store={store} />);
    store.show('success', 'Saved', 'All good');
    store.show('error', 'Could not save');
    expect(await screen.findByText('Saved')).toBeInTheDocument();
    expect(screen.getByText('All good')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('Could not save');
    const dismiss = screen.getAllByRole('button', { name: 'Dismiss' });
    expect(dismiss).toHaveLength(2);
    // Radix lets pointers through its region once it has counted the toasts, a render after they appear
    const region = screen.getByRole('region', { name: /Notifications/ });
    await waitFor(() => expect(region).not.toHaveStyle({ pointerEvents: 'none' }));
    await user.click(dismiss[0]!);
    await waitFor(() => expect(screen.queryByText('Saved')).not.toBeInTheDocument());
    expect(store.items()).toHaveLength(1);
  });
});
