import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { OrgMembership } from '../api/types';
import { useDismiss } from '../components/useDismiss';
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
    <div className="org-switcher" ref={container}>
      <span id={labelId} className="visually-hidden">
        Organization
      </span>
      <button
        ref={button}
        id={buttonId}
        type="button"
        className="org-switcher-trigger"
        data-testid="org-switcher"
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        aria-labelledby={`${labelId} ${buttonId}`}
        onClick={() => (open ? close() : show())}
        onKeyDown={onButtonKey}
      >
        <span>{name}</span>
        <span className="chevron" aria-hidden="true">
          ▾
        </span>
      </button>
      {open && (
        <ul
          ref={list}
          id={listId}
          role="listbox"
          className="org-switcher-list"
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
                className={`org-option${i === active ? ' active' : ''}`}
                onClick={() => choose(m)}
                onMouseEnter={() => setActive(i)}
              >
                <span className="check" aria-hidden="true">
                  {isCurrent ? '✓' : ''}
                </span>
                <span className="org-option-name">{m.display_name}</span>
                <span className="org-option-role">{roleLabel(m.role)}</span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
