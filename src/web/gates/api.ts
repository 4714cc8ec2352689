import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from '../app/api';
import { keys } from '../app/keys';
import type { SelectionBaseline } from '../selections/types';
import type { AnswersInput, DecisionInput, EngagementStop, GateReviewDetail, GateReviewList, RemarkInput } from './types';

export const gkeys = {
  list: (id: string) => ['engagement', id, 'gate-reviews'] as const,
  one: (id: string, reviewId: string) => ['engagement', id, 'gate-reviews', reviewId] as const,
};

const base = (id: string) => `/engagements/${id}/gate-reviews`;

export const useGateReviews = (id: string) => useQuery({ queryKey: gkeys.list(id), queryFn: ({ signal }) => get<GateReviewList>(base(id), undefined, signal) });

/** The partner selection this engagement started from: the chosen provider's scores per criterion, the same keys as the gate questions. */
export const useSelectionBaseline = (id: string) =>
  useQuery({
    queryKey: ['engagement', id, 'selection-baseline'] as const,
    queryFn: ({ signal }) => get<{ baseline: SelectionBaseline | null }>(`/engagements/${id}/selection-baseline`, undefined, signal),
    select: (d) => d.baseline,
    staleTime: 300_000,
  });

export const useGateReview = (id: string, reviewId: string) =>
  useQuery({ queryKey: gkeys.one(id, reviewId), queryFn: ({ signal }) => get<GateReviewDetail>(`${base(id)}/${reviewId}`, undefined, signal), enabled: !!reviewId });

/** Any gate change touches the phase, the ledger and the activity: refresh the engagement's pages and my notifications. */
function useGateMutation<V, R>(engagementId: string, fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await Promise.all([qc.invalidateQueries({ queryKey: keys.engagement(engagementId) }), qc.invalidateQueries({ queryKey: ['notifications'] })]);
    },
  });
}

export const useSaveAnswers = (id: string, reviewId: string) => useGateMutation(id, (v: AnswersInput) => post<GateReviewDetail>(`${base(id)}/${reviewId}/answers`, v));
export const useAddRemark = (id: string, reviewId: string) => useGateMutation(id, (v: RemarkInput) => post<GateReviewDetail>(`${base(id)}/${reviewId}/remarks`, v));
export const useDecide = (id: string, reviewId: string) => useGateMutation(id, (v: DecisionInput) => post<GateReviewDetail>(`${base(id)}/${reviewId}/decision`, v));
export const useReopen = (id: string) => useGateMutation(id, (v: { reason: string }) => post<EngagementStop>(`/engagements/${id}/reopen`, v));
