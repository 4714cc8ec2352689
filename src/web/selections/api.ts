import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post, put } from '../app/api';
import type {
  AcceptedInvitation,
  AcceptInvitationInput,
  Candidate,
  CandidateInput,
  CreatedInvitation,
  CreateSelectionInput,
  DecisionInput,
  Evidence,
  EvidenceInput,
  InvitationInput,
  InvitationPreview,
  RedFlagInput,
  RedFlagRule,
  RedFlagRulesInput,
  Results,
  ScoresInput,
  SelectionDetail,
  SelectionDirectory,
  SelectionList,
  SelectionMember,
  CriterionInput,
  ResultShare,
  SelectionFeedbackList,
} from './types';

/** Query keys, all under ['selections'], so any write refreshes every selection page. */
export const skeys = {
  all: ['selections'] as const,
  list: () => ['selections', 'list'] as const,
  one: (id: string) => ['selections', id, 'detail'] as const,
  results: (id: string) => ['selections', id, 'results'] as const,
  directory: () => ['selections', 'directory'] as const,
  invitation: (token: string) => ['selection-invitation', token] as const,
  shares: (id: string) => ['selections', id, 'result-shares'] as const,
  feedback: () => ['selection-feedback'] as const,
};

const base = (id: string) => `/selections/${id}`;

export const useSelections = () =>
  useQuery({ queryKey: skeys.list(), queryFn: ({ signal }) => get<SelectionList>('/selections', undefined, signal) });

export const useSelection = (id: string) =>
  useQuery({ queryKey: skeys.one(id), queryFn: ({ signal }) => get<SelectionDetail>(base(id), undefined, signal) });

export const useResults = (id: string, enabled = true) =>
  useQuery({
    queryKey: skeys.results(id),
    queryFn: ({ signal }) => get<Results>(`${base(id)}/results`, undefined, signal),
    enabled,
    retry: false,
  });

export const useDirectory = () =>
  useQuery({ queryKey: skeys.directory(), queryFn: ({ signal }) => get<SelectionDirectory>('/selection-directory', undefined, signal) });

function useSelectionMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: skeys.all }) });
}

export const useCreateSelection = () => useSelectionMutation((v: CreateSelectionInput) => post<SelectionDetail>('/selections', v));
export const useSaveCriteria = (id: string) =>
  useSelectionMutation((v: { criteria: CriterionInput[] }) => put<SelectionDetail>(`${base(id)}/criteria`, v));
export const useSaveRules = (id: string) =>
  useSelectionMutation((v: RedFlagRulesInput) => put<{ rules: RedFlagRule[] }>(`${base(id)}/red-flag-rules`, v));
export const useAddCandidate = (id: string) => useSelectionMutation((v: CandidateInput) => post<Candidate>(`${base(id)}/candidates`, v));
export const useAddEvaluator = (id: string) =>
  useSelectionMutation((v: { userId: string }) => post<SelectionMember>(`${base(id)}/evaluators`, v));
export const useSaveScores = (id: string) => useSelectionMutation((v: ScoresInput) => post<SelectionDetail>(`${base(id)}/scores`, v));
export const useAddEvidence = (id: string, candidateId: string) =>
  useSelectionMutation((v: EvidenceInput) => post<Evidence>(`${base(id)}/candidates/${candidateId}/evidence`, v));
export const useAddRedFlag = (id: string, candidateId: string) =>
  useSelectionMutation((v: RedFlagInput) => post<unknown>(`${base(id)}/candidates/${candidateId}/red-flags`, v));
export const useDecide = (id: string) => useSelectionMutation((v: DecisionInput) => post<SelectionDetail>(`${base(id)}/decision`, v));
export const useInvite = (id: string) => useSelectionMutation((v: InvitationInput) => post<CreatedInvitation>(`${base(id)}/invitation`, v));

/** What the owner has shared with candidates (their own results). */
export const useResultShares = (id: string, enabled = true) =>
  useQuery({ queryKey: skeys.shares(id), queryFn: ({ signal }) => get<SelectionFeedbackList>(`${base(id)}/result-shares`, undefined, signal), enabled });
export const useShareResult = (id: string, candidateId: string) =>
  useSelectionMutation((v: { message?: string }) => post<ResultShare>(`${base(id)}/candidates/${candidateId}/result-share`, v));
/** For provider users: the results client organizations shared with us. */
export const useSelectionFeedback = () => useQuery({ queryKey: skeys.feedback(), queryFn: ({ signal }) => get<SelectionFeedbackList>('/selection-feedback', undefined, signal) });

export const evidenceFileUrl = (id: string, candidateId: string, evidenceId: string) =>
  `/api/v1${base(id)}/candidates/${candidateId}/evidence/${evidenceId}/file`;

export const useInvitationPreview = (token: string) =>
  useQuery({
    queryKey: skeys.invitation(token),
    queryFn: ({ signal }) => get<InvitationPreview>(`/selection-invitations/${token}`, undefined, signal),
    retry: false,
  });

/**
 * Accepting uses the link up: the caller navigates away on success and refreshes
 * the session and engagements itself. Nothing is invalidated here, since a refetched
 * preview would answer "used" and unmount the form before its onSuccess ran.
 */
export const useAcceptInvitation = (token: string) =>
  useMutation({ mutationFn: (v: AcceptInvitationInput) => post<AcceptedInvitation>(`/selection-invitations/${token}/accept`, v) });
