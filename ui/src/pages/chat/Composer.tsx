import { SendHorizontal, Square } from 'lucide-react';
import { useLayoutEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';

interface Props {
  disabled: boolean;
  streaming: boolean;
  onSend: (text: string) => void;
  onStop: () => void;
  /** Controls shown at the start of the composer's bottom row (the tools choice). */
  tools?: ReactNode;
}

const button =
  'inline-flex h-9 items-center gap-1.5 rounded-md px-3 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring disabled:opacity-50 [&_svg]:size-4';

/** The message box: Enter sends, Shift+Enter starts a new line; Stop ends the reply being written. */
export function Composer({ disabled, streaming, onSend, onStop, tools }: Props) {
  const [text, setText] = useState('');
  const box = useRef<HTMLTextAreaElement>(null);
  // the box grows with its text up to its max height (then scrolls), and shrinks back once sent
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight}px`;
  }, [text]);
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const t = text.trim();
    if (!t || disabled || streaming) return;
    onSend(t);
    setText('');
  };
  return (
    <form
      className="rounded-xl border border-input bg-card p-2 shadow-sm focus-within:ring-2 focus-within:ring-ring"
      onSubmit={submit}
    >
      <label htmlFor="chat-input" className="sr-only">
        Message
      </label>
      <textarea
        ref={box}
        id="chat-input"
        rows={2}
        value={text}
        placeholder="Type a message (Enter sends, Shift+Enter for a new line)"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            submit();
          }
        }}
        className="block max-h-48 min-h-12 w-full resize-none bg-transparent px-2 py-1 text-card-foreground outline-none placeholder:text-muted-foreground"
      />
      <div className="flex items-center justify-between gap-2 pt-1">
        <div className="flex items-center gap-2">{tools}</div>
        {streaming ? (
          <button
            type="button"
            className={`${button} border border-border bg-background hover:bg-accent`}
            onClick={onStop}
          >
            <Square aria-hidden className="fill-current" />
            Stop
          </button>
        ) : (
          <button
            type="submit"
            className={`${button} bg-primary text-primary-foreground hover:brightness-95 dark:hover:brightness-110`}
            disabled={disabled || !text.trim()}
          >
            <SendHorizontal aria-hidden />
            Send
          </button>
        )}
      </div>
    </form>
  );
}
