import type { Side } from '../authz/policy';

/**
 * Charter agreement rules, pure. A version is proposed by the lead or the
 * sponsor, which counts as their side's acceptance; it is agreed once the
 * other side accepts too.
 */
export interface AcceptanceState {
  status: 'proposed' | 'agreed' | 'superseded' | 'withdrawn';
  providerAccepted: boolean;
  clientAccepted: boolean;
}

export type AcceptOutcome =
  | { kind: 'accepted'; agreed: boolean }
  | { kind: 'rejected'; reason: string };

export function accept(state: AcceptanceState, side: Side): AcceptOutcome {
  if (state.status !== 'proposed') return { kind: 'rejected', reason: `this version is ${state.status}, not proposed` };
  const already = side === 'provider' ? state.providerAccepted : state.clientAccepted;
  if (already) return { kind: 'rejected', reason: `the ${side} side has already accepted this version` };
  const provider = state.providerAccepted || side === 'provider';
  const client = state.clientAccepted || side === 'client';
  return { kind: 'accepted', agreed: provider && client };
}

export function awaiting(state: AcceptanceState): Side | null {
  if (state.status !== 'proposed') return null;
  if (!state.providerAccepted) return 'provider';
  if (!state.clientAccepted) return 'client';
  return null;
}

export interface CharterProblem {
  field: string;
  message: string;
}

/** Consistency checks zod cannot express: unique kinds, members on the ladder. */
export function charterProblems(
  body: {
    collaboration: { decisionKind: string }[];
    escalation: { userId: string | null }[];
    outcomes: { key?: string | undefined; title: string }[];
  },
  memberIds: ReadonlySet<string>,
): CharterProblem[] {
  const problems: CharterProblem[] = [];
  const kinds = new Set<string>();
  body.collaboration.forEach((row, i) => {
    const k = row.decisionKind.toLowerCase();
    if (kinds.has(k)) problems.push({ field: `body.collaboration.${i}.decisionKind`, message: `"${row.decisionKind}" is listed twice` });
    kinds.add(k);
  });
  body.escalation.forEach((level, i) => {
    if (level.userId && !memberIds.has(level.userId)) {
      problems.push({ field: `body.escalation.${i}.userId`, message: 'is not a member of this engagement' });
    }
  });
  const keys = new Set<string>();
  body.outcomes.forEach((o, i) => {
    if (o.key && keys.has(o.key)) problems.push({ field: `body.outcomes.${i}.key`, message: 'is used twice' });
    if (o.key) keys.add(o.key);
  });
  return problems;
}
