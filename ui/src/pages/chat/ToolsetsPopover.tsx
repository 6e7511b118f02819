import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { Wrench } from 'lucide-react';
import { Link } from 'react-router';
import type { Toolset } from '../../api/types';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useDismiss } from '../../components/useDismiss';
import { toolsetStatus } from '../toolsets/toolsetStatus';
import { isUsable, methodsOf, type ToolSelection } from './toolCalls';
import type { ChatToolsState } from './useChatTools';

/** A button that opens the list of toolset instances and their methods to offer the model. */
export function ToolsetsPopover({ state }: { state: ChatToolsState }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const box = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, box, close);
  const count = state.chatTools.tools.length;

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && open) {
      e.stopPropagation();
      setOpen(false);
      trigger.current?.focus();
    }
  };

  return (
    <div className="popover-anchor" ref={box} onKeyDown={onKeyDown}>
      <button
        ref={trigger}
        type="button"
        className="inline-flex h-8 items-center gap-1.5 rounded-md border border-border bg-background px-2.5 text-sm text-foreground hover:bg-accent hover:text-accent-foreground focus-visible:outline-2 focus-visible:outline-ring aria-expanded:bg-accent"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        <Wrench className="size-4" aria-hidden />
        {count ? `Tools (${count})` : 'Tools'}
      </button>
      {open && (
        <div
          id={panelId}
          className="popover border-border bg-popover text-popover-foreground shadow-lg"
          role="group"
          aria-label="Toolsets"
        >
          <p className="popover-title">Tools the model may call</p>
          {state.isPending ? (
            <p className="muted">Loading toolsets…</p>
          ) : state.error ? (
            <ErrorMessage error={state.error} />
          ) : state.toolsets.length === 0 ? (
            <p className="muted">
              No toolsets yet. <Link to="/toolsets/new">Create one</Link>.
            </p>
          ) : (
            state.toolsets.map((t) => <ToolsetChoice key={t.id} toolset={t} state={state} />)
          )}
        </div>
      )}
    </div>
  );
}

function ToolsetChoice({ toolset, state }: { toolset: Toolset; state: ChatToolsState }) {
  const usable = isUsable(toolset, state.configs);
  const methods = methodsOf(toolset, state.definitions).map((d) => d.function.name);
  const chosen = state.selection[toolset.id] ?? [];
  const all = methods.length > 0 && methods.every((m) => chosen.includes(m));
  const some = chosen.length > 0 && !all;
  const allBox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (allBox.current) allBox.current.indeterminate = some;
  }, [some]);

  const choose = (next: string[]) => state.setSelection((prev: ToolSelection) => ({ ...prev, [toolset.id]: next }));

  return (
    <fieldset className="toolset-choice" aria-label={toolset.slug}>
      <legend>
        <label className="check-label">
          <input
            ref={allBox}
            type="checkbox"
            disabled={!usable}
            checked={usable && all}
            onChange={(e) => choose(e.target.checked ? methods : [])}
          />{' '}
          {toolset.slug}
        </label>
        {!usable && <span className="badge">{toolsetStatus(toolset, state.configs)}</span>}
      </legend>
      <ul className="check-list">
        {methods.map((m) => (
          <li key={m}>
            <label className="check-label">
              <input
                type="checkbox"
                disabled={!usable}
                checked={usable && chosen.includes(m)}
                onChange={(e) => choose(e.target.checked ? [...chosen, m] : chosen.filter((x) => x !== m))}
              />{' '}
              {m}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
