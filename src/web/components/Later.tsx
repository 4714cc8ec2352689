import { type ReactNode, useDeferredValue } from 'react';

/**
 * Draws `children` in a second, deferred render right after the first one (ADR 0035).
 *
 * React renders a deferred value's update as a transition, in slices of a few
 * milliseconds between which the browser paints and answers input, where an
 * update from TanStack Query (useSyncExternalStore) always renders in one
 * blocking task. Wrapping a large part that is not the page's main content (the
 * side navigation's links, the command palette) lets the first paint come
 * sooner and keeps long tasks short on slow phones. `fallback` keeps its place.
 */
export function Later({ children, fallback = null }: { children: ReactNode; fallback?: ReactNode }) {
  const ready = useDeferredValue(true, false);
  return ready ? children : fallback;
}
