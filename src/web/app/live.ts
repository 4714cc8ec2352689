import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

/**
 * Live events (ADR 0021): one EventSource per tab on GET /api/v1/events.
 * - `notification` (to me): the bell's count and the notification lists refresh.
 * - `change` (in an engagement I may see): that engagement's queries refresh,
 *   debounced, so the page a person is on follows what others do; only
 *   queries on screen refetch, the rest are marked stale.
 * EventSource reconnects by itself (the server's `retry:` hint) and sends
 * Last-Event-ID, so nothing is missed; when it gives up (an error status),
 * we reconnect with backoff from the last id seen.
 */
const DEBOUNCE_MS = 300;
const MAX_BACKOFF_MS = 60_000;

export function connectLive(qc: QueryClient, url = '/api/v1/events'): () => void {
  let source: EventSource | null = null;
  let lastId = '';
  let backoff = 1000;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let flush: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const engagements = new Set<string>();
  let notifications = false;

  const schedule = () => {
    if (flush) return;
    flush = setTimeout(() => {
      flush = null;
      if (notifications) void qc.invalidateQueries({ queryKey: ['notifications'] });
      for (const id of engagements) void qc.invalidateQueries({ predicate: (q) => q.queryKey.includes(id) });
      notifications = false;
      engagements.clear();
    }, DEBOUNCE_MS);
  };

  const open = () => {
    if (stopped) return;
    source = new EventSource(lastId ? `${url}?lastEventId=${encodeURIComponent(lastId)}` : url, { withCredentials: true });
    source.onopen = () => {
      backoff = 1000;
    };
    source.addEventListener('notification', (e) => {
      lastId = (e as MessageEvent).lastEventId || lastId;
      notifications = true;
      schedule();
    });
    source.addEventListener('change', (e) => {
      const m = e as MessageEvent<string>;
      lastId = m.lastEventId || lastId;
      try {
        const data = JSON.parse(m.data) as { engagementId?: string };
        if (data.engagementId) engagements.add(data.engagementId);
        schedule();
      } catch {
        // not ours: ignore
      }
    });
    source.onerror = () => {
      // CONNECTING: the browser retries by itself; CLOSED: it gave up (e.g. 401, 429), so we do, later
      if (source?.readyState !== EventSource.CLOSED) return;
      source = null;
      retry = setTimeout(open, backoff);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    };
  };
  open();
  return () => {
    stopped = true;
    source?.close();
    if (retry) clearTimeout(retry);
    if (flush) clearTimeout(flush);
  };
}

/** Mount once in the signed-in shell. */
export function useLiveEvents(enabled: boolean): void {
  const qc = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    return connectLive(qc);
  }, [qc, enabled]);
}
