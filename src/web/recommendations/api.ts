import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, patch, post } from '../app/api';
import { keys } from '../app/keys';
import type { CreateRecommendationInput, Recommendation, RecommendationDetail, RecommendationLedger, RecommendationQuery, RespondInput, UpdateRecommendationInput } from './types';

/** Query keys, all under the engagement, so a write refreshes the engagement's pages at once. */
export const rkeys = {
  list: (id: string, filters: RecommendationQuery) => ['engagement', id, 'recommendations', 'list', filters] as const,
  one: (id: string, recId: string) => ['engagement', id, 'recommendations', 'one', recId] as const,
  ledger: (id: string) => ['engagement', id, 'recommendations', 'ledger'] as const,
  outcomes: (id: string) => ['engagement', id, 'outcomes'] as const,
};

const base = (id: string) => `/engagements/${id}/recommendations`;

export function useRecommendations(id: string, filters: RecommendationQuery) {
  return useQuery({
    queryKey: rkeys.list(id, filters),
    queryFn: ({ signal }) => get<{ recommendations: Recommendation[]; currency: string }>(base(id), { ...filters }, signal),
    placeholderData: (prev) => prev,
  });
}

export function useRecommendation(id: string, recId: string) {
  return useQuery({ queryKey: rkeys.one(id, recId), queryFn: ({ signal }) => get<RecommendationDetail>(`${base(id)}/${recId}`, undefined, signal), enabled: !!recId });
}

export function useLedger(id: string) {
  return useQuery({ queryKey: rkeys.ledger(id), queryFn: ({ signal }) => get<RecommendationLedger>(`${base(id)}/ledger`, undefined, signal) });
}

export function useOutcomeOptions(id: string) {
  return useQuery({
    queryKey: rkeys.outcomes(id),
    queryFn: ({ signal }) => get<{ outcomes: { id: string; title: string }[] }>(`/engagements/${id}/outcomes`, undefined, signal),
    select: (d) => d.outcomes.map((o) => ({ value: o.id, label: o.title })),
  });
}

function useLedgerMutation<V, R>(engagementId: string, fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await Promise.all([qc.invalidateQueries({ queryKey: keys.engagement(engagementId) }), qc.invalidateQueries({ queryKey: ['notifications'] })]);
    },
  });
}

export const useCreateRecommendation = (id: string) => useLedgerMutation(id, (v: CreateRecommendationInput) => post<RecommendationDetail>(base(id), v));
export const useUpdateRecommendation = (id: string, recId: string) => useLedgerMutation(id, (v: UpdateRecommendationInput) => patch<RecommendationDetail>(`${base(id)}/${recId}`, v));
export const useRespond = (id: string, recId: string) => useLedgerMutation(id, (v: RespondInput) => post<RecommendationDetail>(`${base(id)}/${recId}/response`, v));
