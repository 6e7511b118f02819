/**
 * Toasts: short messages about the result of an action, shown by the Toaster in the app's shell. Any code may call
 * toast.success / toast.error; the Toaster subscribes to this store, so nothing here depends on React.
 */
export type ToastTone = 'success' | 'error' | 'info';

export interface ToastItem {
  id: number;
  tone: ToastTone;
  title: string;
  description?: string;
}

type Listener = (items: readonly ToastItem[]) => void;

export interface ToastStore {
  show(tone: ToastTone, title: string, description?: string): number;
  dismiss(id: number): void;
  subscribe(listener: Listener): () => void;
  items(): readonly ToastItem[];
}

/** At most this many toasts are kept; the oldest goes first. */
const LIMIT = 5;

export function createToastStore(): ToastStore {
  let items: readonly ToastItem[] = [];
  let next = 1;
  const listeners = new Set<Listener>();
  const emit = () => listeners.forEach((l) => l(items));
  return {
    show(tone, title, description) {
      const id = next++;
      items = [...items, { id, tone, title, description }].slice(-LIMIT);
      emit();
      return id;
    },
    dismiss(id) {
      items = items.filter((t) => t.id !== id);
      emit();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    items: () => items,
  };
}

/** The app's one store, created with the module: the Toaster and every caller share it. */
export const toastStore = createToastStore();

export const toast = {
  success: (title: string, description?: string) => toastStore.show('success', title, description),
  error: (title: string, description?: string) => toastStore.show('error', title, description),
  info: (title: string, description?: string) => toastStore.show('info', title, description),
};
