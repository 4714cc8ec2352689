import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, patch, post, put } from '../app/api';
import type {
  Budget,
  Chart,
  ChartName,
  CreatePhaseInput,
  CreateTimeEntryInput,
  CreateWorkItemInput,
  DeliveryOverview,
  Phase,
  PhaseList,
  PutBudgetInput,
  TimeEntry,
  TimeEntryPage,
  UpdateTimeEntryInput,
  UpdateWorkItemInput,
  WorkItem,
  WorkItemPage,
  WorkItemSort,
  WorkItemStatus,
} from './types';

/** Every delivery query lives under this key, so one invalidation refreshes burn, charts and totals after a write. */
export const dk = (id: string) => ['engagement', id, 'delivery'] as const;
const base = (id: string) => `/engagements/${id}`;

export interface ItemFilters {
  status?: WorkItemStatus[];
  phaseId?: string;
  outcomeId?: string;
  assigneeId?: string;
  visibility?: 'shared' | 'internal';
  q?: string;
  sort?: WorkItemSort;
}

export function useInvalidateDelivery(id: string) {
  const qc = useQueryClient();
  // The overview page shows a delivery glance too.
  return () => Promise.all([qc.invalidateQueries({ queryKey: dk(id) }), qc.invalidateQueries({ queryKey: ['engagement', id, 'overview'] })]);
}

export function useDeliveryOverview(id: string) {
  return useQuery({ queryKey: [...dk(id), 'overview'], queryFn: ({ signal }) => get<DeliveryOverview>(`${base(id)}/delivery`, undefined, signal) });
}

export function useItems(id: string, filters: ItemFilters, limit = 25) {
  const query = { ...filters, status: filters.status?.length ? filters.status.join(',') : undefined, limit };
  return useInfiniteQuery({
    queryKey: [...dk(id), 'items', query],
    queryFn: ({ pageParam, signal }) => get<WorkItemPage>(`${base(id)}/items`, { ...query, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: (prev) => prev,
  });
}

export function useItem(id: string, itemId: string | undefined) {
  return useQuery({
    queryKey: [...dk(id), 'item', itemId],
    queryFn: ({ signal }) => get<WorkItem>(`${base(id)}/items/${itemId}`, undefined, signal),
    enabled: !!itemId,
  });
}

export function useSaveItem(id: string, itemId: string | undefined) {
  const invalidate = useInvalidateDelivery(id);
  return useMutation({
    mutationFn: (input: CreateWorkItemInput | UpdateWorkItemInput) =>
      itemId ? patch<WorkItem>(`${base(id)}/items/${itemId}`, input) : post<WorkItem>(`${base(id)}/items`, input),
    onSuccess: () => invalidate(),
  });
}

export function usePhases(id: string) {
  return useQuery({ queryKey: [...dk(id), 'phases'], queryFn: ({ signal }) => get<PhaseList>(`${base(id)}/phases`, undefined, signal) });
}

export function useCreatePhase(id: string) {
  const invalidate = useInvalidateDelivery(id);
  return useMutation({ mutationFn: (input: CreatePhaseInput) => post<Phase>(`${base(id)}/phases`, input), onSuccess: () => invalidate() });
}

export function useUpdatePhase(id: string) {
  const invalidate = useInvalidateDelivery(id);
  return useMutation({
    mutationFn: ({ phaseId, ...input }: { phaseId: string; status?: 'planned' | 'active' }) => patch<Phase>(`${base(id)}/phases/${phaseId}`, input),
    onSuccess: () => invalidate(),
  });
}

export function useRequestReview(id: string) {
  const invalidate = useInvalidateDelivery(id);
  return useMutation({
    mutationFn: ({ phaseId, note }: { phaseId: string; note: string }) => post<Phase>(`${base(id)}/phases/${phaseId}/review`, { note }),
    onSuccess: () => invalidate(),
  });
}

export function useTimeEntries(id: string, query: { from?: string; to?: string; userId?: string; workItemId?: string }, enabled = true) {
  return useQuery({
    queryKey: [...dk(id), 'time', query],
    queryFn: ({ signal }) => get<TimeEntryPage>(`${base(id)}/time-entries`, { ...query, limit: 500 }, signal),
    enabled,
  });
}

export function useLogTime(id: string) {
  const invalidate = useInvalidateDelivery(id);
  return useMutation({ mutationFn: (input: CreateTimeEntryInput) => post<TimeEntry>(`${base(id)}/time-entries`, input), onSuccess: () => invalidate() });
}

export function useUpdateTime(id: string) {
  const invalidate = useInvalidateDelivery(id);
  return useMutation({
    mutationFn: ({ entryId, ...input }: UpdateTimeEntryInput & { entryId: string }) => patch<TimeEntry>(`${base(id)}/time-entries/${entryId}`, input),
    onSuccess: () => invalidate(),
  });
}

export function useDeleteTime(id: string) {
  const invalidate = useInvalidateDelivery(id);
  return useMutation({ mutationFn: (entryId: string) => del(`${base(id)}/time-entries/${entryId}`), onSuccess: () => invalidate() });
}

export function useBudget(id: string) {
  return useQuery({ queryKey: [...dk(id), 'budget'], queryFn: ({ signal }) => get<Budget>(`${base(id)}/budget`, undefined, signal) });
}

export function usePutBudget(id: string) {
  const invalidate = useInvalidateDelivery(id);
  return useMutation({ mutationFn: (input: PutBudgetInput) => put<Budget>(`${base(id)}/budget`, input), onSuccess: () => invalidate() });
}

export function useChart(id: string, chart: ChartName, phaseId?: string) {
  return useQuery({
    queryKey: [...dk(id), 'chart', chart, phaseId ?? null],
    queryFn: ({ signal }) => get<Chart>(`${base(id)}/progress/${chart}`, { phaseId }, signal),
    placeholderData: (prev) => prev,
  });
}
