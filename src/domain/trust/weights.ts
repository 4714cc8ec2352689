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
