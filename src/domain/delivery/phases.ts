/**
 * Phase lifecycle. Pure.
 *
 * planned ⇄ active → in_review → done
 *
 * A phase ends through its gate review, never by a plain edit: an edit may
 * move a phase between planned and active only; `in_review` is reached by
 * asking for a review, and `done` (or back to `active`) only by the gate
 * review's decision (`gateDecision`), which the governance capability calls.
 */
export type PhaseStatus = 'planned' | 'active' | 'in_review' | 'done';
export type PhaseVia = 'edit' | 'request-review' | 'gate';

export type Transition = { ok: true } | { ok: false; message: string };

export function phaseTransition(from: PhaseStatus, to: PhaseStatus, via: PhaseVia): Transition {
  if (from === to) return { ok: true };
  if (via === 'edit') {
    if ((from === 'planned' && to === 'active') || (from === 'active' && to === 'planned')) return { ok: true };
    if (to === 'in_review') return { ok: false, message: 'a phase goes into review by requesting its gate review (POST …/phases/{phaseId}/review), not by an edit' };
    if (to === 'done') return { ok: false, message: 'a phase ends through its gate review, not by an edit' };
    return { ok: false, message: `a phase in ${from.replace('_', ' ')} cannot be edited back to ${to.replace('_', ' ')}; its gate review decides` };
  }
  if (via === 'request-review') {
    if (from === 'active' && to === 'in_review') return { ok: true };
    return { ok: false, message: `only an active phase can be put into review; this one is ${from.replace('_', ' ')}` };
  }
  // gate review decision
  if (from === 'in_review' && (to === 'done' || to === 'active')) return { ok: true };
  return { ok: false, message: `a gate decision applies to a phase in review; this one is ${from.replace('_', ' ')}` };
}

/** The status a gate decision leads to: proceeding closes the phase; pausing or stopping returns it to active work. */
export function statusAfterGate(decision: 'proceed' | 'proceed_with_conditions' | 'pause' | 'stop'): PhaseStatus {
  return decision === 'proceed' || decision === 'proceed_with_conditions' ? 'done' : 'active';
}
