/**
 * Phase lifecycle. Pure.
 *
 * planned ⇄ active → in_review → done
 *                              ↘ stopped
 *
 * A phase ends through its gate review, never by a plain edit: an edit may
 * move a phase between planned and active only; `in_review` is reached by
 * asking for a review, and `done` or `stopped` only by the gate review's
 * decision (`statusAfterGate`), which the gate-review capability applies
 * through `applyGateDecision`. Pausing keeps the phase in review until the
 * sponsor decides again. `done` and `stopped` are terminal.
 */
export type PhaseStatus = 'planned' | 'active' | 'in_review' | 'done' | 'stopped';
export type PhaseVia = 'edit' | 'request-review' | 'gate';
export type GateDecisionKind = 'proceed' | 'proceed_with_conditions' | 'pause' | 'stop';

export type Transition = { ok: true } | { ok: false; message: string };

const say = (s: PhaseStatus) => s.replace('_', ' ');

export const isTerminalPhase = (s: PhaseStatus) => s === 'done' || s === 'stopped';

export function phaseTransition(from: PhaseStatus, to: PhaseStatus, via: PhaseVia): Transition {
  if (from === to && via !== 'request-review') return { ok: true };
  if (via === 'edit') {
    if ((from === 'planned' && to === 'active') || (from === 'active' && to === 'planned')) return { ok: true };
    if (to === 'in_review') return { ok: false, message: 'a phase goes into review by requesting its gate review (POST …/phases/{phaseId}/review), not by an edit' };
    if (to === 'done' || to === 'stopped') return { ok: false, message: `a phase ends (${say(to)}) through its gate review, not by an edit` };
    return { ok: false, message: `a phase in ${say(from)} cannot be edited back to ${say(to)}; its gate review decides` };
  }
  if (via === 'request-review') {
    if (from === 'active' && to === 'in_review') return { ok: true };
    return { ok: false, message: `only an active phase can be put into review; this one is ${say(from)}` };
  }
  // gate review decision
  if (from === 'in_review' && (to === 'done' || to === 'stopped')) return { ok: true };
  return { ok: false, message: `a gate decision applies to a phase in review; this one is ${say(from)}` };
}

/**
 * The status a gate decision leads to: proceeding (with or without
 * conditions) closes the phase as done; pausing keeps it in review, to be
 * revisited on a date; stopping ends it as stopped (and stops the engagement).
 */
export function statusAfterGate(decision: GateDecisionKind): PhaseStatus {
  if (decision === 'proceed' || decision === 'proceed_with_conditions') return 'done';
  if (decision === 'pause') return 'in_review';
  return 'stopped';
}
