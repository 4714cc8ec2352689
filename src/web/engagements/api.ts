import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, patch, post } from '../app/api';
import { keys } from '../app/keys';
import type { CreateEngagementInput, EngagementOverview, EngagementSummary, Outcome } from '../app/types';

export const engagementsQuery = () =>
  queryOptions({
    queryKey: keys.engagements,
    queryFn: ({ signal }) => get<{ engagements: EngagementSummary[] }>('/engagements', undefined, signal),
    select: (d) => d.engagements,
  });

export function useEngagements() {
  return useQuery(engagementsQuery());
}

export const engagementQuery = (id: string) =>
  queryOptions({
    queryKey: keys.summary(id),
    queryFn: ({ signal }) => get<EngagementSummary>(`/engagements/${id}`, undefined, signal),
  });

export function useEngagement(id: string) {
  return useQuery(engagementQuery(id));
}

export const overviewQuery = (id: string) =>
  queryOptions({
    queryKey: keys.overview(id),
    queryFn: ({ signal }) => get<EngagementOverview>(`/engagements/${id}/overview`, undefined, signal),
  });

export function useOverview(id: string) {
  return useQuery(overviewQuery(id));
}

export function useCreateEngagement() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateEngagementInput) => post<EngagementSummary>('/engagements', input),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.engagements }),
  });
}

export function useMeasureOutcome(engagementId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ outcomeId, current }: { outcomeId: string; current: number }) =>
      patch<Outcome>(`/engagements/${engagementId}/outcomes/${outcomeId}`, { current }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.engagement(engagementId) }),
  });
}
