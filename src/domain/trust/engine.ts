/**
 * The trust index's arithmetic (ADR 0022), pure: decayed weighted averages
 * of evidence that can be changed in place, so a fold over the history is
 * linear and a report is one pass over the evidence of each component.
 *
 * A component's score is Σ wᵢ·vᵢ / Σ wᵢ over its evidence, with vᵢ in 0…1
 * (1: the best this kind of evidence can be) and wᵢ = kindWeight · 2^((tᵢ − t₀)/halfLife).
 * Because every weight is measured from the same origin, the ratio does not
 * depend on the day it is read: later evidence simply weighs more (one
 * half-life later, twice as much), so sums kept during the fold stay valid.
 */

export const DAY_MS = 86_400_000;

/** What one piece of evidence is, as it will be shown. */
export interface EvidenceRef {
  type: string;
  id: string | null;
  title: string;
  at: string | null;
  explanation: string;
  /** A short phrase grouping like evidence in explanations, e.g. "missed without renegotiation". */
  kind: string;
  /** Entries with a group are shown as one aggregate (e.g. all time entries), counted. */
  group?: { key: string; noun: string; listType: string; good: string };
  /** A hypothetical better value and the action that would get it ("what would raise it"). */
  fix?: { v: number; action: string };
}

export interface Entry {
  w: number;
  v: number;
  ev: EvidenceRef;
}

export class Pool {
  num = 0;
  den = 0;
  readonly entries = new Map<string, Entry>();

  /** Sets (or with `undefined`, removes) the evidence under a key. */
  put(key: string, entry: Entry | undefined): void {
    const old = this.entries.get(key);
    if (old) {
      this.num -= old.w * old.v;
      this.den -= old.w;
    }
    if (entry) {
      this.entries.set(key, entry);
      this.num += entry.w * entry.v;
      this.den += entry.w;
    } else if (old) this.entries.delete(key);
    if (this.entries.size === 0) {
      // keep rounding dust from turning an empty pool into a score
      this.num = 0;
      this.den = 0;
    }
  }
}

/** 0–100 from sums, or null without evidence. */
export const scoreOf = (num: number, den: number): number | null => (den > 1e-12 ? clamp(100 * (num / den)) : null);

export const clamp = (x: number): number => Math.max(0, Math.min(100, x));

export const round1 = (x: number): number => Math.round(x * 10) / 10;

/** Decay weight of an instant relative to an origin (both ms). */
export const decay = (tMs: number, originMs: number, halfLifeDays: number): number => 2 ** ((tMs - originMs) / (halfLifeDays * DAY_MS));
