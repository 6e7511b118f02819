import { CircleAlert, CircleCheck, Info, X } from 'lucide-react';
import { Toast as ToastPrimitive } from 'radix-ui';
import { useSyncExternalStore } from 'react';
import { cn } from '../../lib/cn';
import { toastStore, type ToastItem, type ToastStore, type ToastTone } from '../../lib/toast';

/** Errors stay longer: they usually need reading and acting on. */
const DURATION: Record<ToastTone, number> = { success: 5000, info: 5000, error: 10000 };

const ICON = { success: CircleCheck, info: Info, error: CircleAlert } as const;

const TONE_CLASS: Record<ToastTone, string> = {
  success: '[&_svg.tone]:text-success',
  info: '[&_svg.tone]:text-primary',
  error: 'border-destructive/50 [&_svg.tone]:text-destructive',
};

function ToastView({ item, onDismiss }: { item: ToastItem; onDismiss: () => void }) {
  const Icon = ICON[item.tone];
  const isError = item.tone === 'error';
  return (
    <ToastPrimitive.Root
      duration={DURATION[item.tone]}
      type={isError ? 'foreground' : 'background'}
      // Radix's own announcer speaks every toast. The item stays a plain list item (a role on it would break the
      // list it sits in); an error's text is also an alert, for whoever looks for one.
      aria-live={isError ? undefined : 'off'}
      onOpenChange={(open) => {
        if (!open) onDismiss();
      }}
      className={cn(
        'pointer-events-auto relative flex w-full items-start gap-3 rounded-lg border border-border bg-popover p-4 pr-10 text-popover-foreground shadow-lg outline-none focus-visible:ring-2 focus-visible:ring-ring',
        TONE_CLASS[item.tone],
      )}
    >
      <Icon className="tone mt-0.5 size-4 shrink-0" aria-hidden="true" />
      <div className="grid min-w-0 gap-1" role={isError ? 'alert' : undefined}>
        <ToastPrimitive.Title className="text-sm font-semibold">{item.title}</ToastPrimitive.Title>
        {item.description && (
          <ToastPrimitive.Description className="text-sm break-words text-muted-foreground">
            {item.description}
          </ToastPrimitive.Description>
        )}
      </div>
      <ToastPrimitive.Close
        aria-label="Dismiss"
        className="absolute top-3 right-3 cursor-pointer rounded-sm p-0.5 text-muted-foreground outline-none hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring"
      >
        <X className="size-4" aria-hidden="true" />
      </ToastPrimitive.Close>
    </ToastPrimitive.Root>
  );
}

/** Renders the toast store's messages; mount exactly one (AppProviders does). */
export function Toaster({ store = toastStore }: { store?: ToastStore }) {
  const items = useSyncExternalStore(store.subscribe, store.items, store.items);
  return (
    <ToastPrimitive.Provider swipeDirection="right">
      {items.map((item) => (
        <ToastView key={item.id} item={item} onDismiss={() => store.dismiss(item.id)} />
      ))}
      <ToastPrimitive.Viewport className="fixed right-0 bottom-0 z-[100] m-0 flex w-full max-w-sm list-none flex-col gap-2 p-4 outline-none" />
    </ToastPrimitive.Provider>
  );
}
