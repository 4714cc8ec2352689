import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, get, patch, post } from '../app/api';
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

interface TermInput {
  term: string;
  explanation: string;
}

/** A glossary write refreshes the glossary (the coach and the tooltips read it). */
function useGlossaryMutation<V, R>(engagementId: string, fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: coachKeys.glossary(engagementId) }) });
}

export const useAddTerm = (id: string) => useGlossaryMutation(id, (v: TermInput) => post<GlossaryTerm>(`/engagements/${id}/glossary`, v));
export const useUpdateTerm = (id: string, termId: string) => useGlossaryMutation(id, (v: TermInput) => patch<GlossaryTerm>(`/engagements/${id}/glossary/${termId}`, v));
export const useRemoveTerm = (id: string) => useGlossaryMutation(id, (termId: string) => api(`/engagements/${id}/glossary/${termId}`, { method: 'DELETE' }));

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
