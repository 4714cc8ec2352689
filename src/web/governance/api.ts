import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, patch, post } from '../app/api';
import { keys } from '../app/keys';
import type {
  CreateDecisionInput,
  CreateRaidInput,
  DecideInput,
  Decision,
  DecisionLatency,
  DecisionStatus,
  Escalation,
  GovernanceChanges,
  GovernanceSummary,
  RaidItem,
  RaidQuery,
  RaidUpdateResult,
  RaiseEscalationInput,
  UpdateRaidInput,
} from './types';

/** Query keys of this capability; all under the engagement, so a mutation can refresh the engagement at once. */
export const gkeys = {
  raid: (id: string, filters: object = {}) => ['engagement', id, 'raid', 'list', filters] as const,
  raidItem: (id: string, itemId: string) => ['engagement', id, 'raid', 'item', itemId] as const,
  summary: (id: string) => ['engagement', id, 'governance', 'summary'] as const,
  changes: (id: string, since: string) => ['engagement', id, 'governance', 'changes', since] as const,
  decisions: (id: string, status?: DecisionStatus) => ['engagement', id, 'decisions', 'list', status ?? 'all'] as const,
  decision: (id: string, decisionId: string) => ['engagement', id, 'decisions', 'one', decisionId] as const,
  latency: (id: string) => ['engagement', id, 'decisions', 'latency'] as const,
  escalations: (id: string) => ['engagement', id, 'escalations', 'list'] as const,
  escalation: (id: string, escalationId: string) => ['engagement', id, 'escalations', 'one', escalationId] as const,
};

const base = (id: string) => `/engagements/${id}`;

/** After any governance change: the engagement's pages (register, summary, overview, activity) and my notifications. */
function useGovernanceMutation<V, R>(engagementId: string, fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await Promise.all([qc.invalidateQueries({ queryKey: keys.engagement(engagementId) }), qc.invalidateQueries({ queryKey: ['notifications'] })]);
    },
  });
}

// RAID

export function useRaid(id: string, filters: RaidQuery, enabled = true) {
  return useQuery({
    enabled,
    queryKey: gkeys.raid(id, filters),
    queryFn: ({ signal }) => get<{ items: RaidItem[] }>(`${base(id)}/raid`, { ...filters }, signal),
    select: (d) => d.items,
    placeholderData: (prev) => prev,
  });
}

export function useRaidItem(id: string, itemId: string) {
  return useQuery({
    queryKey: gkeys.raidItem(id, itemId),
    queryFn: ({ signal }) => get<RaidItem>(`${base(id)}/raid/${itemId}`, undefined, signal),
  });
}

export function useGovernanceSummary(id: string) {
  return useQuery({
    queryKey: gkeys.summary(id),
    queryFn: ({ signal }) => get<GovernanceSummary>(`${base(id)}/governance/summary`, undefined, signal),
  });
}

export function useGovernanceChanges(id: string, since: string) {
  return useQuery({
    queryKey: gkeys.changes(id, since),
    queryFn: ({ signal }) => get<GovernanceChanges>(`${base(id)}/governance/changes`, { since }, signal),
    placeholderData: (prev) => prev,
  });
}

export const useCreateRaid = (id: string) => useGovernanceMutation(id, (v: CreateRaidInput) => post<RaidItem>(`${base(id)}/raid`, v));
export const useUpdateRaid = (id: string, itemId: string) =>
  useGovernanceMutation(id, (v: UpdateRaidInput) => patch<RaidUpdateResult>(`${base(id)}/raid/${itemId}`, v));
export const useRiskOccurred = (id: string, itemId: string) =>
  useGovernanceMutation(id, (v: { description: string }) => post<RaidItem>(`${base(id)}/raid/${itemId}/occur`, v));

// Decisions

export function useDecisions(id: string, status?: DecisionStatus, enabled = true) {
  return useQuery({
    enabled,
    queryKey: gkeys.decisions(id, status),
    queryFn: ({ signal }) => get<{ decisions: Decision[] }>(`${base(id)}/decisions`, { status }, signal),
    select: (d) => d.decisions,
    placeholderData: (prev) => prev,
  });
}

export function useDecision(id: string, decisionId: string | undefined) {
  return useQuery({
    queryKey: gkeys.decision(id, decisionId ?? ''),
    queryFn: ({ signal }) => get<Decision>(`${base(id)}/decisions/${decisionId}`, undefined, signal),
    enabled: !!decisionId,
  });
}

export function useDecisionLatency(id: string) {
  return useQuery({
    queryKey: gkeys.latency(id),
    queryFn: ({ signal }) => get<DecisionLatency>(`${base(id)}/decisions/latency`, undefined, signal),
    select: (d) => d.sides,
  });
}

export const decisionsExportUrl = (id: string) => `/api/v1${base(id)}/decisions/export.md`;

export const useRequestDecision = (id: string) =>
  useGovernanceMutation(id, (v: CreateDecisionInput) => post<Decision>(`${base(id)}/decisions`, v));
export const useDecide = (id: string, decisionId: string) =>
  useGovernanceMutation(id, (v: DecideInput) => post<Decision>(`${base(id)}/decisions/${decisionId}/decide`, v));

// Escalations

export function useEscalations(id: string) {
  return useQuery({
    queryKey: gkeys.escalations(id),
    queryFn: ({ signal }) => get<{ escalations: Escalation[] }>(`${base(id)}/escalations`, undefined, signal),
    select: (d) => d.escalations,
  });
}

export function useEscalation(id: string, escalationId: string) {
  return useQuery({
    queryKey: gkeys.escalation(id, escalationId),
    queryFn: ({ signal }) => get<Escalation>(`${base(id)}/escalations/${escalationId}`, undefined, signal),
    // The climb happens on the server's schedule: look again now and then.
    refetchInterval: 60_000,
  });
}

export const useRaiseEscalation = (id: string) =>
  useGovernanceMutation(id, (v: RaiseEscalationInput) => post<Escalation>(`${base(id)}/escalations`, v));

export type EscalationAct = 'acknowledge' | 'resolve' | 'deescalate';
export const useActOnEscalation = (id: string, escalationId: string) =>
  useGovernanceMutation(id, ({ act, text }: { act: EscalationAct; text: string }) =>
    post<Escalation>(`${base(id)}/escalations/${escalationId}/${act}`, act === 'resolve' ? { outcome: text } : { note: text }),
  );
