import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from '../app/api';
import { keys } from '../app/keys';
import type { CharterBodyInput, CharterState, CharterVersion } from '../app/types';

export function useCharter(engagementId: string) {
  return useQuery({
    queryKey: keys.charter(engagementId),
    queryFn: ({ signal }) => get<CharterState>(`/engagements/${engagementId}/charter`, undefined, signal),
  });
}

function useCharterMutation<V>(engagementId: string, fn: (v: V) => Promise<CharterVersion>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    // Charter changes move the overview (state, outcomes) and the activity log too.
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.engagement(engagementId) }),
  });
}

export const useProposeCharter = (engagementId: string) =>
  useCharterMutation(engagementId, (v: { body: CharterBodyInput; note: string }) =>
    post<CharterVersion>(`/engagements/${engagementId}/charter/versions`, v),
  );

export const useAcceptCharter = (engagementId: string) =>
  useCharterMutation(engagementId, (versionId: string) =>
    post<CharterVersion>(`/engagements/${engagementId}/charter/versions/${versionId}/accept`),
  );

export const useWithdrawCharter = (engagementId: string) =>
  useCharterMutation(engagementId, (versionId: string) =>
    post<CharterVersion>(`/engagements/${engagementId}/charter/versions/${versionId}/withdraw`),
  );
