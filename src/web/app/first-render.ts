import type { QueryClient } from '@tanstack/react-query';
import { engagementQuery, engagementsQuery, overviewQuery } from '../engagements/api';
import { countsQuery, unreadQuery } from '../engagements/navigation-api';
import { locate } from '../engagements/sections';
import { firstRouteChunks } from './router';
import { sessionQuery } from './session';

/** Longest the first render waits for its route's data; past it, the shell draws with loaders as before. */
export const FIRST_RENDER_WAIT_MS = 3000;

/**
 * What the shell and the first page of a signed-in person read on a full page load, by path (`wide`: the
 * navigation is drawn, at Mantine's `sm` and up): the same reads index.html's inline
 * script starts before the bundle has run (ADR 0014), so here they are mostly answers already received.
 */
export function firstReads(pathname: string, wide: boolean) {
  const reads: { queryKey: readonly unknown[] }[] = [unreadQuery(), engagementsQuery()];
  // the same reading of the path as the navigation's and the tab title's (sections.ts)
  const here = locate(pathname);
  if (here) {
    const id = here.engagementId;
    reads.push(engagementQuery(id));
    // the counts stand beside the navigation, which a phone draws only once its drawer opens
    if (wide) reads.push(countsQuery(id));
    if (here.page.key === 'overview' && !here.detail) reads.push(overviewQuery(id));
  }
  return reads;
}

/**
 * Fills the query cache with the first route's reads and waits for its chunks, so that React draws the
 * shell and the page once, with their data, in one interruptible render (main.tsx), instead of a commit
 * per answer: each answer arriving through useSyncExternalStore re-renders synchronously, one long task
 * per answer on a slow phone (ADR 0036). Never rejects; a read that fails is left to its page to show.
 */
export async function prepareFirstRender(qc: QueryClient, pathname: string, waitMs = FIRST_RENDER_WAIT_MS): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, waitMs);
  });
  const work = (async () => {
    await qc.prefetchQuery(sessionQuery());
    const signedIn = !!qc.getQueryData(sessionQuery().queryKey);
    // signed out, an app page only sends the visitor to sign in: nothing of its route is worth waiting for
    if (!signedIn) return;
    const wide = window.matchMedia('(min-width: 48em)').matches;
    await Promise.all([firstRouteChunks, ...firstReads(pathname, wide).map((q) => qc.prefetchQuery(q as Parameters<QueryClient['prefetchQuery']>[0]))]);
  })().catch(() => undefined);
  await Promise.race([work, deadline]);
  clearTimeout(timer);
}
