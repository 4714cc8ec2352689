import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as F from '../../contracts/failures';
import { get, patch, post } from '../app/api';
import { keys } from '../app/keys';

/** Failure report API types, inferred from the server's zod contracts (type-only: no zod in the bundle). */
export type FailureReport = z.infer<typeof F.FailureReport>;
export type FailureReportList = z.infer<typeof F.FailureReportList>;
export type CreateFailureReportInput = z.input<typeof F.CreateFailureReportBody>;
export type UpdateFailureReportInput = z.input<typeof F.UpdateFailureReportBody>;

const base = (id: string) => `/engagements/${id}/failure-reports`;
export const fkeys = {
  list: (id: string) => ['engagement', id, 'failure-reports'] as const,
  one: (id: string, reportId: string) => ['engagement', id, 'failure-reports', reportId] as const,
};

export const useFailureReports = (id: string) => useQuery({ queryKey: fkeys.list(id), queryFn: ({ signal }) => get<FailureReportList>(base(id), undefined, signal) });
export const useFailureReport = (id: string, reportId: string) =>
  useQuery({ queryKey: fkeys.one(id, reportId), queryFn: ({ signal }) => get<FailureReport>(`${base(id)}/${reportId}`, undefined, signal), enabled: !!reportId });

function useReportMutation<V>(engagementId: string, fn: (v: V) => Promise<FailureReport>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await Promise.all([qc.invalidateQueries({ queryKey: keys.engagement(engagementId) }), qc.invalidateQueries({ queryKey: ['notifications'] })]);
    },
  });
}

export const useCreateFailureReport = (id: string) => useReportMutation(id, (v: CreateFailureReportInput) => post<FailureReport>(base(id), v));
export const useUpdateFailureReport = (id: string, reportId: string) => useReportMutation(id, (v: UpdateFailureReportInput) => patch<FailureReport>(`${base(id)}/${reportId}`, v));
export const usePublishFailureReport = (id: string, reportId: string) => useReportMutation(id, () => post<FailureReport>(`${base(id)}/${reportId}/publish`));
export const useAcknowledgeFailureReport = (id: string, reportId: string) => useReportMutation(id, () => post<FailureReport>(`${base(id)}/${reportId}/acknowledge`));
