import { useQuery } from '@tanstack/react-query';
import { get, post } from '../app/api';
import type { GlossaryTerm } from '../../contracts/coach';

export const coachKeys = {
  glossary: (id: string) => ['engagement', id, 'glossary'] as const,
  dismissals: ['admin', 'coach', 'dismissals'] as const,
};

export function useGlossary(engagementId: string | undefined) {
  return useQuery({
    queryKey: coachKeys.glossary(engagementId ?? '-'),
    queryFn: ({ signal }) => get<{ terms: GlossaryTerm[]; canEdit: boolean }>(`/engagements/${engagementId}/glossary`, undefined, signal),
    enabled: Boolean(engagementId),
    staleTime: 60_000,
  });
}

export interface DismissalStat {
  rule: string;
  category: string;
  dismissals: number;
  lastDismissedAt: string;
  reasons: { reason: string; at: string }[];
}

export function useDismissalStats() {
  return useQuery({
    queryKey: coachKeys.dismissals,
    queryFn: ({ signal }) => get<{ rules: DismissalStat[] }>('/admin/coach/dismissals', undefined, signal),
    select: (d) => d.rules,
  });
}

/** Counts a dismissal for its rule: only the category, the rule and the optional reason are sent. */
export const sendDismissal = (v: { category: string; rule: string; reason?: string }) => post('/coach/dismissals', v);
