import { useQuery } from '@tanstack/react-query';
import { get } from '../app/api';
import { keys } from '../app/keys';
import type { EngagementSummary } from '../app/types';

/** The engagement id in a path, if the path is inside one. */
export const engagementIdIn = (pathname: string): string | null => /^\/engagements\/([^/]+)/.exec(pathname)?.[1] ?? null;

/** The engagement the path is in (the layout's own cached query), or null outside one or while loading. */
export function useEngagementSummaryIfAny(pathname: string): EngagementSummary | null {
  const id = engagementIdIn(pathname);
  const q = useQuery({
    queryKey: keys.summary(id ?? ''),
    queryFn: ({ signal }) => get<EngagementSummary>(`/engagements/${id}`, undefined, signal),
    enabled: !!id,
  });
  return id && q.data ? q.data : null;
}
