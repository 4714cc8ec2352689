import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, patch, post } from '../app/api';
import { keys } from '../app/keys';
import type { AgendaEntry, AgendaList, AgendaReview, CreateAgendaEntryInput, RecordAgendaReviewInput, UpdateAgendaEntryInput } from './types';

/** Query keys of the agenda; all under the engagement, so a write refreshes the engagement's pages (overview signal, counts) at once. */
export const akeys = {
  list: (id: string) => ['engagement', id, 'agenda', 'list'] as const,
  reviews: (id: string) => ['engagement', id, 'agenda', 'reviews'] as const,
};

const base = (id: string) => `/engagements/${id}/agenda`;

export function useAgenda(id: string) {
  return useQuery({ queryKey: akeys.list(id), queryFn: ({ signal }) => get<AgendaList>(base(id), undefined, signal) });
}

export function useAgendaReviews(id: string) {
  return useQuery({ queryKey: akeys.reviews(id), queryFn: ({ signal }) => get<{ reviews: AgendaReview[] }>(`${base(id)}/reviews`, undefined, signal), select: (d) => d.reviews });
}

/** Recommendations to link a review outcome to (the recommendations page owns the rest of that API). */
export function useRecommendationChoices(id: string, enabled: boolean) {
  return useQuery({
    enabled,
    queryKey: ['engagement', id, 'recommendations', 'choices'],
    queryFn: ({ signal }) => get<{ recommendations: { id: string; title: string; visibility: 'shared' | 'internal' }[] }>(`/engagements/${id}/recommendations`, undefined, signal),
    select: (d) => d.recommendations,
  });
}

function useAgendaMutation<V, R>(engagementId: string, fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await Promise.all([qc.invalidateQueries({ queryKey: keys.engagement(engagementId) }), qc.invalidateQueries({ queryKey: ['notifications'] })]);
    },
  });
}

export const useRaiseEntry = (id: string) => useAgendaMutation(id, (v: CreateAgendaEntryInput) => post<AgendaEntry>(base(id), v));
export const useUpdateEntry = (id: string, entryId: string) => useAgendaMutation(id, (v: UpdateAgendaEntryInput) => patch<AgendaEntry>(`${base(id)}/${entryId}`, v));
export const useRecordReview = (id: string) => useAgendaMutation(id, (v: RecordAgendaReviewInput) => post<AgendaReview>(`${base(id)}/reviews`, v));
