import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, patch, post } from '../app/api';
import { keys } from '../app/keys';
import type { AcknowledgeInput, CreateInput, StatusDraft, StatusUpdate, StatusUpdateList, UpdateInput } from './types';

export const skeys = {
  list: (id: string) => ['engagement', id, 'status-updates', 'list'] as const,
  draft: (id: string) => ['engagement', id, 'status-updates', 'draft'] as const,
  one: (id: string, updateId: string) => ['engagement', id, 'status-updates', 'one', updateId] as const,
};
const base = (id: string) => `/engagements/${id}/status-updates`;

export const useStatusUpdates = (id: string) => useQuery({ queryKey: skeys.list(id), queryFn: ({ signal }) => get<StatusUpdateList>(base(id), undefined, signal) });
export const useStatusDraft = (id: string, enabled = true) => useQuery({ queryKey: skeys.draft(id), queryFn: ({ signal }) => get<StatusDraft>(`${base(id)}/draft`, undefined, signal), enabled, staleTime: 60_000 });
export const useStatusUpdate = (id: string, updateId: string) =>
  useQuery({ queryKey: skeys.one(id, updateId), queryFn: ({ signal }) => get<StatusUpdate>(`${base(id)}/${updateId}`, undefined, signal), enabled: !!updateId });

function useStatusMutation<V, R>(engagementId: string, fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await Promise.all([qc.invalidateQueries({ queryKey: keys.engagement(engagementId) }), qc.invalidateQueries({ queryKey: ['notifications'] })]);
    },
  });
}

export const useCreateStatus = (id: string) => useStatusMutation(id, (v: CreateInput) => post<StatusUpdate>(base(id), v));
export const useUpdateStatus = (id: string, updateId: string) => useStatusMutation(id, (v: UpdateInput) => patch<StatusUpdate>(`${base(id)}/${updateId}`, v));
export const usePublishStatus = (id: string) => useStatusMutation(id, (updateId: string) => post<StatusUpdate>(`${base(id)}/${updateId}/publish`, {}));
export const useAcknowledge = (id: string, updateId: string) => useStatusMutation(id, (v: AcknowledgeInput) => post<StatusUpdate>(`${base(id)}/${updateId}/acknowledge`, v));
