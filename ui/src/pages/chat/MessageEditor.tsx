import { useId, useState } from 'react';

interface Props {
  initial: string;
  /** A reply is being written: sending waits until it ends. */
  busy: boolean;
  onSubmit: (text: string) => void;
  onCancel: () => void;
}

/** Edits a user message in place; sending it replaces the conversation after it. */
export function MessageEditor({ initial, busy, onSubmit, onCancel }: Props) {
  const [text, setText] = useState(initial);
  const id = useId();
  const submit = () => {
    const t = text.trim();
    if (t && !busy) onSubmit(t);
  };
  return (
    <form
      className="flex flex-col gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label htmlFor={id} className="sr-only">
        Edit message
      </label>
      <textarea
        id={id}
        rows={3}
        autoFocus
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onCancel();
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            submit();
          }
        }}
        className="w-full resize-y rounded-md border border-input bg-background px-3 py-2 text-sm text-foreground focus-visible:outline-2 focus-visible:outline-ring"
      />
      <p className="text-xs text-muted-foreground">The replies after this message will be replaced.</p>
      <div className="flex justify-end gap-2">
        <button
          type="button"
          onClick={onCancel}
          className="rounded-md border border-border bg-background px-3 py-1.5 text-sm hover:bg-accent focus-visible:outline-2 focus-visible:outline-ring"
        >
          Cancel
        </button>
        <button
          type="submit"
          disabled={busy || !text.trim()}
          className="rounded-md bg-primary px-3 py-1.5 text-sm text-primary-foreground hover:brightness-95 dark:hover:brightness-110 focus-visible:outline-2 focus-visible:outline-ring disabled:opacity-50"
        >
          Save and send
        </button>
      </div>
    </form>
  );
}
