import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { OrgMembership } from '../api/types';
import { Check, ChevronsUpDown } from 'lucide-react';
import { buttonVariants } from '../components/ui/button';
import { useDismiss } from '../components/useDismiss';
import { cn } from '../lib/cn';
import { browser } from '../lib/browser';
import { membershipUrl } from '../lib/orgUrl';
import { roleLabel } from '../lib/roles';
import type { OrgSummary } from './orgContext';

interface Props {
  memberships: OrgMembership[];
  current: OrgSummary | null;
}

/**
 * A listbox button (WAI-ARIA "select-only" pattern): the trigger opens a listbox that takes focus; arrows, Home and
 * End move the active option, Enter or Space chooses it, Escape closes. Choosing another org is a full page load of
 * its URL, because each org lives on its own host with its own session cookie.
 */
export function OrgSwitcherMenu({ memberships, current }: Props) {
  const id = useId();
  const labelId = `${id}-label`;
  const buttonId = `${id}-button`;
  const listId = `${id}-list`;
  const optionId = (i: number) => `${id}-option-${i}`;

  const currentIndex = Math.max(
    0,
    memberships.findIndex((m) => m.slug === current?.slug),
  );
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(currentIndex);
  const container = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);

  const close = useCallback((refocus = false) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  }, []);
  const closeQuietly = useCallback(() => close(false), [close]);
  useDismiss(open, container, closeQuietly);

  useEffect(() => {
    if (open) list.current?.focus();
  }, [open]);

  const show = () => {
    setActive(currentIndex);
    setOpen(true);
  };

  const choose = (m: OrgMembership) => {
    if (m.slug === current?.slug) {
      close(true);
      return;
    }
    close();
    browser.assign(membershipUrl(m, window.location));
  };

  const onButtonKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      show();
    }
  };

  const onListKey = (e: KeyboardEvent) => {
    const last = memberships.length - 1;
    const moves: Record<string, () => number> = {
      ArrowDown: () => Math.min(active + 1, last),
      ArrowUp: () => Math.max(active - 1, 0),
      Home: () => 0,
      End: () => last,
    };
    const move = moves[e.key];
    if (move) {
      e.preventDefault();
      setActive(move());
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      const m = memberships[active];
      if (m) choose(m);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      close(true);
    } else if (e.key === 'Tab') {
      close();
    }
  };

  const name = current?.display_name ?? 'Choose organization';
  return (
    <div className="relative min-w-0" ref={container}>
      <span id={labelId} className="sr-only">
        Organization
      </span>
      <button
        ref={button}
        id={buttonId}
        type="button"
        className={cn(buttonVariants({ variant: 'ghost' }), 'max-w-full gap-1.5 px-2 font-semibold')}
        data-testid="org-switcher"
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        aria-labelledby={`${labelId} ${buttonId}`}
        onClick={() => (open ? close() : show())}
        onKeyDown={onButtonKey}
      >
        <span className="truncate">{name}</span>
        <ChevronsUpDown className="text-muted-foreground" aria-hidden="true" />
      </button>
      {open && (
        <ul
          ref={list}
          id={listId}
          role="listbox"
          className="absolute top-full left-0 z-50 mt-1 max-h-80 w-64 max-w-[calc(100vw-2rem)] overflow-y-auto rounded-md border border-border bg-popover p-1 text-popover-foreground shadow-md outline-none focus-visible:ring-2 focus-visible:ring-ring"
          aria-labelledby={labelId}
          tabIndex={-1}
          aria-activedescendant={optionId(active)}
          onKeyDown={onListKey}
        >
          {memberships.map((m, i) => {
            const isCurrent = m.slug === current?.slug;
            return (
              <li
                key={m.org_id || m.slug}
                id={optionId(i)}
                role="option"
                aria-selected={isCurrent}
                data-testid={`org-switch-${m.slug}`}
                className={cn(
                  'flex cursor-pointer items-center gap-2 rounded-sm px-2 py-1.5 text-sm',
                  i === active && 'bg-accent text-accent-foreground',
                )}
                onClick={() => choose(m)}
                onMouseEnter={() => setActive(i)}
              >
                <span className="flex size-4 shrink-0 items-center justify-center" aria-hidden="true">
                  {isCurrent && <Check className="size-4" />}
                  {/* the tick as text as well: the option's text content names the current org */}
                  <span className="hidden">{isCurrent ? '✓' : ''}</span>
                </span>
                <span className="min-w-0 flex-1 truncate font-medium">{m.display_name}</span>
                <span className="shrink-0 text-xs text-muted-foreground">{roleLabel(m.role)}</span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
