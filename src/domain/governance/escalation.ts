/**
 * Escalation ladder rules, pure. An escalation starts at level 1; when a level
 * does not acknowledge within its response time it climbs to the next.
 */
export interface Level {
  level: number;
  person: string;
  userId: string | null;
  responseHours: number;
}

export type EscalationStatus = 'open' | 'acknowledged' | 'resolved' | 'deescalated';

export const levelDeadline = (levelStartedAt: string, level: Level): Date =>
  new Date(Date.parse(levelStartedAt) + level.responseHours * 3_600_000);

export type ClimbDecision = { kind: 'climb'; to: Level } | { kind: 'top'; at: Level } | { kind: 'none'; reason: string };

/** What a due "climb" check should do for an escalation at `level`. */
export function climbDecision(
  esc: { status: EscalationStatus; level: number },
  ladder: Level[],
  checkedLevel: number,
): ClimbDecision {
  if (esc.status !== 'open') return { kind: 'none', reason: `escalation is ${esc.status}` };
  if (esc.level !== checkedLevel) return { kind: 'none', reason: `already at level ${esc.level}` };
  const next = ladder.find((l) => l.level === esc.level + 1);
  const current = ladder.find((l) => l.level === esc.level);
  if (!next) return current ? { kind: 'top', at: current } : { kind: 'none', reason: 'no such level' };
  return { kind: 'climb', to: next };
}

/** Who may act on the current level: its member, or a lead/sponsor when the level is not a member. */
export function mayActOnLevel(level: Level | undefined, actor: { userId: string; role: string }): boolean {
  if (!level) return false;
  if (level.userId) return level.userId === actor.userId;
  return actor.role === 'lead' || actor.role === 'sponsor';
}

/**
 * What a reader may do with an escalation now: acknowledge (the current
 * level, while open), resolve (the current level, while active), de-escalate
 * (the current level or whoever raised it, while active). The API sends these
 * so the UI does not guess.
 */
export function allowedActs(status: string, onLevel: boolean, isRaiser: boolean) {
  const active = status === 'open' || status === 'acknowledged';
  return {
    acknowledge: active && status === 'open' && onLevel,
    resolve: active && onLevel,
    deescalate: active && (onLevel || isRaiser),
  };
}
