import { queryOptions, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { EngagementCounts, UnreadCount } from '../../contracts/navigation';
import { get } from '../app/api';

export type Counts = z.infer<typeof EngagementCounts>;
export type Unread = z.infer<typeof UnreadCount>;

/** Refreshed after any successful write (see queryClient.ts), so a decision recorded drops off at once. */
export const countsKey = (id: string) => ['engagement', id, 'counts'] as const;
export const unreadKey = ['notifications', 'unread-count'] as const;

export const countsQuery = (id: string | null) =>
  queryOptions({
    queryKey: countsKey(id ?? ''),
    queryFn: ({ signal }) => get<Counts>(`/engagements/${id}/counts`, undefined, signal),
    enabled: !!id,
  });

export function useEngagementCounts(id: string | null) {
  return useQuery(countsQuery(id));
}

/** The bell's figure: one COUNT on the server, polled once a minute. */
export const unreadQuery = () =>
  queryOptions({
    queryKey: unreadKey,
    queryFn: ({ signal }) => get<Unread>('/notifications/unread-count', undefined, signal),
    refetchInterval: 60_000,
  });

export function useUnreadCount() {
  return useQuery(unreadQuery());
}
