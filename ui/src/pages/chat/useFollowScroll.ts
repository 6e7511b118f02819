import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';

/** How close to the bottom (px) still counts as reading the newest content. */
const NEAR_BOTTOM = 48;

function atBottom(el: HTMLElement): boolean {
  return el.scrollHeight - el.scrollTop - el.clientHeight <= NEAR_BOTTOM;
}

/**
 * Keeps a scroll container at its bottom while its content grows (a streaming reply), until the user scrolls up
 * to read; `following` is then false until they scroll back down or call `jump`. `content` is whatever changes
 * when the content does.
 */
export function useFollowScroll(ref: RefObject<HTMLElement | null>, content: unknown) {
  const [following, setFollowing] = useState(true);
  // read in the layout effect without re-running it when only this changes
  const followingRef = useRef(true);
  // the last position seen: growing content moves the bottom away without any scrolling, so only a move up (the
  // user's) stops following, and reaching the bottom again resumes it
  const lastTop = useRef(0);
  const follow = useCallback((on: boolean) => {
    followingRef.current = on;
    setFollowing(on);
  }, []);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || !followingRef.current) return;
    el.scrollTop = el.scrollHeight;
    lastTop.current = el.scrollTop;
  }, [ref, content]);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onScroll = () => {
      const up = el.scrollTop < lastTop.current - 1;
      lastTop.current = el.scrollTop;
      if (up && followingRef.current) follow(false);
      else if (!followingRef.current && atBottom(el)) follow(true);
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, [ref, follow]);

  const jump = useCallback(() => {
    follow(true);
    const el = ref.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    lastTop.current = el.scrollTop;
  }, [ref, follow]);

  return { following, jump };
}
