/**
 * Every number the trust index is made of, in one place (ADR 0022): the
 * components' weights in their side's headline, the half-life of evidence,
 * the value each kind of evidence is worth (0…1, 1 the best it can be) and
 * the thresholds (how early is early, how late is late). Change them here and
 * in the ADR together.
 */
import type { z } from 'zod';
import type { ClientComponentKey, ProviderComponentKey } from '../../contracts/trust';

export type ProviderKey = z.infer<typeof ProviderComponentKey>;
export type ClientKey = z.infer<typeof ClientComponentKey>;
export type ComponentKey = ProviderKey | ClientKey;

/** Weights of the components in their side's headline (each side sums to 1; null components drop out and the rest are re-normalized). */
export const PROVIDER_WEIGHTS: Record<ProviderKey, number> = {
  predictability: 0.25,
  proactiveness: 0.2,
  transparency: 0.15,
  responsiveness: 0.15,
  advice: 0.1,
  client_voice: 0.15,
};
export const CLIENT_WEIGHTS: Record<ClientKey, number> = {
  decisions: 0.35,
  dependencies: 0.3,
  engagement: 0.2,
  provider_voice: 0.15,
};

/** Evidence loses half its weight against evidence this many days newer. */
export const HALF_LIFE_DAYS = 90;

/** The window of `changes`. */
export const CHANGE_WINDOW_DAYS = 30;
/** A component moved when it changed by at least this many points. */
export const CHANGE_MIN_POINTS = 3;
/** Trend points (weekly) returned by default. */
export const DEFAULT_TREND_POINTS = 104;

// ── predictability and client commitments ─────────────────────────────────

/**
 * A renegotiation `days` before the due date: worth nearly a kept one when early
 * (1 day → 0.8, 7 → 0.87, 14 → 0.92, 30 → 0.97), 0.55 on or after the due date.
 */
export const renegotiationFactor = (daysInAdvance: number): number => (daysInAdvance >= 1 ? 0.97 - 0.17 * Math.exp(-(daysInAdvance - 1) / 7) : 0.55);
/** Kept after renegotiations: the product of their factors. */
export const keptValue = (renegotiations: readonly number[]): number => renegotiations.reduce((v, d) => v * renegotiationFactor(d), 1);
/** Missed after a renegotiation: it was at least said (more when said early). */
export const missedAfterRenegotiationValue = (renegotiations: readonly number[]): number => 0.3 * renegotiationFactor(renegotiations[renegotiations.length - 1] ?? 0);
/** Missed silently and delivered late anyway. */
export const MISSED_DELIVERED_LATE = 0.1;
/** Missed silently, never delivered: the worst. */
export const MISSED_SILENTLY = 0;

/** A P85 forecast date that held is worth 1; one that slipped loses this much per week late (floor 0). */
export const FORECAST_SLIP_PER_WEEK = 0.25;

/** A renegotiation at least this many days before the due date is early (the commitments ledger's rule). */
export const EARLY_DAYS = 1;

// ── decisions, dependencies, answers ──────────────────────────────────────

/** A decision made `days` after its due date (still better than none): 1 day → 0.92, 10 → 0.2 floor. */
export const lateDecisionValue = (days: number): number => Math.max(0.2, 1 - 0.08 * days);
/** A dependency or gate-review answer delivered `days` late. */
export const lateDeliveryValue = (days: number): number => Math.max(0.2, 1 - 0.08 * days);
/** An escalation answered at `ratio` × the charter's response time (ratio > 1): 2× → 0.5, floor 0.1. */
export const lateAnswerValue = (ratio: number): number => Math.max(0.1, Math.min(1, 1 / ratio));
/** Response hours when the charter has no escalation ladder. */
export const DEFAULT_RESPONSE_HOURS = 24;

// ── proactiveness ─────────────────────────────────────────────────────────

/** An issue flagged as a risk `days` before it occurred: 0 days → 0.4, 14 or more → 1. An unflagged issue is 0. */
export const flagLeadValue = (days: number): number => 0.4 + 0.6 * Math.min(1, days / 14);
/** A dependency asked of the client or a third party `days` before it was needed: 10 or more → 1. */
export const dependencyLeadValue = (days: number): number => Math.min(1, days / 10);
export const DEPENDENCY_KIND_WEIGHT = 0.5;
/** A failure report published after the client raised the problem (still better than silence). */
export const FAILURE_CLIENT_FIRST = 0.4;

// ── transparency ──────────────────────────────────────────────────────────

/** A status update published `late` working days after its due date: 0 → 1, 1 → 0.6, 2 → 0.4, 3+ → 0.2; never published (overdue) → 0. */
export const statusLatenessValue = (late: number): number => (late <= 0 ? 1 : late === 1 ? 0.6 : late === 2 ? 0.4 : 0.2);
/** Health stated against the data weighs this much against one on-cadence update. */
export const HEALTH_KIND_WEIGHT = 1;
/** Time entries logged within this many working days of the day worked count as prompt. */
export const TIME_LOGGING_WORKING_DAYS = 2;
/** One time entry weighs this much against one status update (there are many). */
export const TIME_KIND_WEIGHT = 0.1;
/** The RAID register counts as reviewed when changed within these days; worth 0 after RAID_STALE_DAYS. */
export const RAID_FRESH_DAYS = 14;
export const RAID_STALE_DAYS = 60;
export const raidFreshnessValue = (days: number): number => (days <= RAID_FRESH_DAYS ? 1 : Math.max(0, 1 - (days - RAID_FRESH_DAYS) / (RAID_STALE_DAYS - RAID_FRESH_DAYS)));
export const RAID_KIND_WEIGHT = 2;

export const GROUP_STATUS = { key: 'status', noun: 'status updates', listType: 'status_update', good: 'published on the charter’s cadence' };
export const GROUP_TIME = { key: 'time', noun: 'time entries', listType: 'time_entry', good: `logged within ${TIME_LOGGING_WORKING_DAYS} working days` };
export const GROUP_RAID = { key: 'raid', noun: 'RAID register', listType: 'raid_item', good: 'reviewed recently' };

// ── engagement ────────────────────────────────────────────────────────────

/** At-risk and off-track updates ask the client to acknowledge within this many working days (the status capability's rule). */
export const ACK_WORKING_DAYS = 2;
export const LATE_ACK_VALUE = 0.5;

// ── advice ────────────────────────────────────────────────────────────────

/**
 * A recommendation's value: against the provider's own revenue (`dont`, a
 * cheaper `alternative`) is worth most, more when accepted; one to do more
 * work is honest advice too, but not the signal. With reasons: +0.05.
 */
export function adviceValue(kind: string, status: string, hasReason: boolean): number {
  const against = kind === 'dont' || kind === 'alternative';
  const base = against ? (status === 'accepted' ? 0.95 : status === 'declined' ? 0.8 : 0.85) : kind === 'defer' ? 0.65 : 0.5;
  return Math.min(1, base + (hasReason ? 0.05 : 0));
}

// ── gate reviews ──────────────────────────────────────────────────────────

/** Questions asked of both sides alike: the provider's answers to them are about the partnership. Custom questions count too. */
export const PARTNERSHIP_QUESTIONS = new Set(['collaboration_clarity']);
/** The provider's self-assessment questions (about its own work), left out of `provider_voice`. */
export const SELF_QUESTIONS = new Set(['business_understanding', 'risk_openness', 'outcomes_focus', 'proactive_communication', 'beyond_scope']);

/** Each recorded forecast (one per phase and month) weighs this much against one commitment. */
export const FORECAST_KIND_WEIGHT = 0.5;
/** A P85 date missed by `days`: loses FORECAST_SLIP_PER_WEEK per week, floor 0. */
export const forecastSlipValue = (days: number): number => Math.max(0, 1 - (FORECAST_SLIP_PER_WEEK * days) / 7);
