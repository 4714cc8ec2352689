import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, patch, post } from '../app/api';
import { keys } from '../app/keys';
import type { Commitment, CommitmentDetail, CommitmentQuery, CreateCommitmentInput, KeepInput, RenegotiateInput, SayDo, UpdateCommitmentInput } from './types';

/** Query keys of the ledger; all under the engagement, so a write refreshes the engagement's pages at once. */
export const ckeys = {
  all: (id: string) => ['engagement', id, 'commitments'] as const,
  list: (id: string, filters: CommitmentQuery) => ['engagement', id, 'commitments', 'list', filters] as const,
  one: (id: string, commitmentId: string) => ['engagement', id, 'commitments', 'one', commitmentId] as const,
  sayDo: (id: string) => ['engagement', id, 'commitments', 'say-do'] as const,
};

const base = (id: string) => `/engagements/${id}/commitments`;

export function useCommitments(id: string, filters: CommitmentQuery) {
  return useQuery({
    queryKey: ckeys.list(id, filters),
    queryFn: ({ signal }) => get<{ commitments: Commitment[] }>(base(id), { ...filters }, signal),
    select: (d) => d.commitments,
    placeholderData: (prev) => prev,
  });
}

export function useCommitment(id: string, commitmentId: string) {
  return useQuery({
    queryKey: ckeys.one(id, commitmentId),
    queryFn: ({ signal }) => get<CommitmentDetail>(`${base(id)}/${commitmentId}`, undefined, signal),
    enabled: !!commitmentId,
  });
}

export function useSayDo(id: string) {
  return useQuery({ queryKey: ckeys.sayDo(id), queryFn: ({ signal }) => get<SayDo>(`${base(id)}/say-do`, undefined, signal) });
}

/** After any ledger change: the engagement's pages (ledger, figures, activity) and my notifications. */
function useLedgerMutation<V, R>(engagementId: string, fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await Promise.all([qc.invalidateQueries({ queryKey: keys.engagement(engagementId) }), qc.invalidateQueries({ queryKey: ['notifications'] })]);
    },
  });
}

export const useCreateCommitment = (id: string) => useLedgerMutation(id, (v: CreateCommitmentInput) => post<CommitmentDetail>(base(id), v));
export const useUpdateCommitment = (id: string, commitmentId: string) =>
  useLedgerMutation(id, (v: UpdateCommitmentInput) => patch<CommitmentDetail>(`${base(id)}/${commitmentId}`, v));
export const useRenegotiate = (id: string, commitmentId: string) =>
  useLedgerMutation(id, (v: RenegotiateInput) => post<CommitmentDetail>(`${base(id)}/${commitmentId}/renegotiate`, v));
export const useKeep = (id: string, commitmentId: string) => useLedgerMutation(id, (v: KeepInput) => post<CommitmentDetail>(`${base(id)}/${commitmentId}/keep`, v));
