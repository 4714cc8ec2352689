import type { EngagementRole } from '../authz/policy';

/**
 * Whether a proposed decision waits for this person: the named decider when
 * the decider is a member; otherwise the lead or the sponsor records it (the
 * same rule `decide()` enforces).
 */
export function waitsFor(d: { status: string; deciderUserId: string | null }, me: { userId: string; role: EngagementRole }): boolean {
  if (d.status !== 'proposed') return false;
  return d.deciderUserId ? d.deciderUserId === me.userId : me.role === 'lead' || me.role === 'sponsor';
}

/** Whether an outstanding commitment falls due within `days` days from today (today included; due dates are ISO days). */
export function dueWithin(c: { status: string; dueDate: string }, today: string, lastDay: string): boolean {
  return (c.status === 'open' || c.status === 'renegotiated') && c.dueDate >= today && c.dueDate <= lastDay;
}
