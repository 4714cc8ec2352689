/**
 * The recommendations ledger ("the honest mechanic", ADR 0017). Pure rules:
 * what a recommendation must state, which of its figures freeze once the
 * client has answered, whether it goes against the provider's own revenue,
 * and the ledger's figures. No I/O.
 */

export type RecommendationKind = 'do' | 'dont' | 'defer' | 'alternative';
export type RecommendationStatus = 'proposed' | 'accepted' | 'declined' | 'deferred';
export type RecommendationAnswer = 'accepted' | 'declined' | 'deferred';

export const KINDS: readonly RecommendationKind[] = ['do', 'dont', 'defer', 'alternative'];
export const STATUSES: readonly RecommendationStatus[] = ['proposed', 'accepted', 'declined', 'deferred'];

export interface Figures {
  kind: RecommendationKind;
  effort: string;
  costHours: number | null;
  costMoney: number | null;
  avoidedHours: number | null;
  avoidedMoney: number | null;
  replacesCost: number | null;
}

/** The fields frozen once the client has answered: the figures the answer was given on. Text stays correctable. */
export const FROZEN_FIELDS = ['kind', 'effort', 'costHours', 'costMoney', 'avoidedHours', 'avoidedMoney', 'replacesCost'] as const;
export type FrozenField = (typeof FROZEN_FIELDS)[number];

export type RuleError = { kind: 'invalid'; field: string; message: string } | { kind: 'conflict'; field: string; message: string };

const positive = (x: number | null | undefined) => typeof x === 'number' && x > 0;

/**
 * What a recommendation must state beyond its schema: a `dont` names the work
 * it avoids (hours and/or money); an `alternative` that names what it replaces
 * must be cheaper than it to count as cheaper.
 */
export function checkFigures(f: Figures): RuleError | null {
  if (f.kind === 'dont' && !positive(f.avoidedHours) && !positive(f.avoidedMoney)) {
    return { kind: 'invalid', field: 'avoidedHours', message: 'a "dont" recommendation states the work it avoids: avoidedHours and/or avoidedMoney (more than 0)' };
  }
  if (f.kind !== 'alternative' && f.replacesCost != null) {
    return { kind: 'invalid', field: 'replacesCost', message: 'only an "alternative" replaces other work; leave replacesCost empty for this kind' };
  }
  return null;
}

/**
 * Against the provider's own revenue: a `dont` (work the provider could have
 * billed is not needed), or an `alternative` that is cheaper than the work it
 * replaces (a stated replacesCost above its own cost, or work avoided).
 */
export function isAgainstRevenue(f: Pick<Figures, 'kind' | 'costMoney' | 'avoidedHours' | 'avoidedMoney' | 'replacesCost'>): boolean {
  if (f.kind === 'dont') return true;
  if (f.kind !== 'alternative') return false;
  if (f.replacesCost != null) return f.replacesCost > (f.costMoney ?? 0);
  return positive(f.avoidedHours) || positive(f.avoidedMoney);
}

/** The first frozen field a patch would change on an answered recommendation, or null. */
export function frozenChange(current: Figures, patch: Partial<Figures>): FrozenField | null {
  for (const f of FROZEN_FIELDS) {
    const v = patch[f];
    if (v !== undefined && v !== current[f]) return f;
  }
  return null;
}

/** Whether the client may (still) answer: a proposal, or one deferred earlier. Accepted and declined are final. */
export function checkAnswer(status: RecommendationStatus, answer: { response: RecommendationAnswer; reason: string; until?: string | null | undefined }, today: string): RuleError | null {
  if (status === 'accepted' || status === 'declined') return { kind: 'conflict', field: 'response', message: `this recommendation was already ${status}` };
  if (answer.response === 'declined' && answer.reason.trim() === '') return { kind: 'invalid', field: 'reason', message: 'a declined recommendation needs the reason' };
  if (answer.response === 'deferred') {
    if (!answer.until) return { kind: 'invalid', field: 'until', message: 'a deferred answer says until when (YYYY-MM-DD)' };
    if (answer.until <= today) return { kind: 'invalid', field: 'until', message: `must be after today (${today})` };
  }
  if (answer.response !== 'deferred' && answer.until) return { kind: 'invalid', field: 'until', message: 'only a deferred answer takes a date' };
  return null;
}

// ── The ledger's figures ──────────────────────────────────────────────────

export interface LedgerRow {
  kind: RecommendationKind;
  status: RecommendationStatus;
  againstRevenue: boolean;
  avoidedHours: number | null;
  avoidedMoney: number | null;
  respondedAt: string | null;
}

export type KindCounts = Record<RecommendationStatus | 'total', number>;

const round2 = (x: number) => Math.round(x * 100) / 100;
const zero = (): KindCounts => ({ total: 0, proposed: 0, accepted: 0, declined: 0, deferred: 0 });

/** Avoided work counts once the client accepted a `dont` or an `alternative`. */
export const countsAsAvoided = (r: Pick<LedgerRow, 'kind' | 'status'>) => r.status === 'accepted' && (r.kind === 'dont' || r.kind === 'alternative');

/**
 * - byKind / byAnswer: counts per kind and answer;
 * - acceptanceRate: accepted / (accepted + declined), null before any decision (a deferral is not a decision);
 * - avoided: hours and money of accepted `dont` and `alternative` recommendations, in total and per month of the answer, with running totals;
 * - againstRevenue: how many recommendations were against the provider's own revenue, and their share of all (null when none).
 */
export function ledgerFigures(rows: LedgerRow[]) {
  const byKind = Object.fromEntries(KINDS.map((k) => [k, zero()])) as Record<RecommendationKind, KindCounts>;
  const byAnswer = zero();
  let hours = 0;
  let money = 0;
  let against = 0;
  const months = new Map<string, { hours: number; money: number; count: number }>();
  for (const r of rows) {
    byKind[r.kind].total++;
    byKind[r.kind][r.status]++;
    byAnswer.total++;
    byAnswer[r.status]++;
    if (r.againstRevenue) against++;
    if (countsAsAvoided(r)) {
      hours += r.avoidedHours ?? 0;
      money += r.avoidedMoney ?? 0;
      const month = (r.respondedAt ?? '').slice(0, 7);
      const m = months.get(month) ?? { hours: 0, money: 0, count: 0 };
      m.hours += r.avoidedHours ?? 0;
      m.money += r.avoidedMoney ?? 0;
      m.count++;
      months.set(month, m);
    }
  }
  const decided = byAnswer.accepted + byAnswer.declined;
  let cumHours = 0;
  let cumMoney = 0;
  const series = [...months.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, m]) => {
      cumHours += m.hours;
      cumMoney += m.money;
      return { month, hours: round2(m.hours), money: round2(m.money), recommendations: m.count, cumulativeHours: round2(cumHours), cumulativeMoney: round2(cumMoney) };
    });
  return {
    total: rows.length,
    byKind,
    byAnswer,
    acceptanceRate: decided ? round2(byAnswer.accepted / decided) : null,
    avoided: { hours: round2(hours), money: round2(money), recommendations: rows.filter(countsAsAvoided).length },
    againstRevenue: { count: against, share: rows.length ? round2(against / rows.length) : null },
    series,
  };
}
