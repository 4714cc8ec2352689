/**
 * The trust index (issue 14, ADR 0022), pure: a fold over an engagement's
 * shared audit records and a report from the folded state. No I/O, no clock:
 * `asOf` is an input.
 *
 * - `computeTrust(records, options)` = `createTrustState()`, `foldTrust` of
 *   every record, `reportTrust(state, options)`.
 * - Incremental: the server may keep a state per engagement up to the chain's
 *   head and fold only new records. Fold records in seq order; a state must
 *   only hold records up to the end of the `asOf` day it is reported for
 *   (to report a past date, fold the records up to that date into a fresh
 *   state). `reportTrust` does not change the state.
 * - Records must be the shared ones only (visibility 'shared' in the column
 *   and the payload); records whose payload says internal are ignored anyway.
 * - The working calendar (time logging, acknowledgement windows) is the agreed
 *   charter's from the history; without one, the fallback given to
 *   `createTrustState({ timeZone, holidays })` (computeTrust passes the
 *   options'). `reportTrust` does not re-read the options' calendar.
 * - Evidence `type` is the audit object type (commitment, decision, risk,
 *   issue, dependency, status_update, gate_review, recommendation,
 *   failure_report, escalation, forecast); aggregates are type 'aggregate'
 *   with id null and ask `paths(listType, null)` for 'status_update',
 *   'time_entry' or 'raid_item'.
 */
import type { TrustComponent, TrustEvidence, TrustReport } from '../../contracts/trust';
import { type Entry, type EvidenceRef, DAY_MS, round1, scoreOf } from './engine';
import { COMPONENT_KEYS, type TrustRecord, type TrustState, addDays, createTrustState as create, dayOf, foldRecord, ms, pendingEntries, plural, short, upcomingEntries } from './fold';
import { CHANGE_MIN_POINTS, CHANGE_WINDOW_DAYS, CLIENT_WEIGHTS, type ClientKey, type ComponentKey, DEFAULT_TREND_POINTS, PROVIDER_WEIGHTS, type ProviderKey } from './weights';

export type { ComponentKey } from './weights';
export type { TrustRecord, TrustState } from './fold';
export { COMPONENT_KEYS } from './fold';

/**
 * A fresh state. The calendar given is the fallback for a history without an
 * agreed charter (the charter's time zone and holidays win once agreed).
 */
export const createTrustState = (fallback: { timeZone?: string | undefined; holidays?: readonly string[] | undefined } = {}): TrustState => create(fallback);

/** Folds one record (the next in seq order) into the state and returns it. */
export function foldTrust(s: TrustState, r: TrustRecord): TrustState {
  foldRecord(s, r, scoresAt);
  return s;
}

export interface TrustOptions {
  /** YYYY-MM-DD: the day reported (records up to its end must be folded, none later). */
  asOf: string;
  /** Fallbacks when the history holds no agreed charter cadence. */
  timeZone?: string;
  holidays?: string[];
  /** Weekly trend points, newest last (default 104). */
  trendPoints?: number;
  /** The API path of an evidence object, or for an aggregate (id null) of its list; null when there is none. */
  paths: (type: string, id: string | null) => string | null;
}

export const PROVIDER_KEYS = Object.keys(PROVIDER_WEIGHTS) as ProviderKey[];
export const CLIENT_KEYS = Object.keys(CLIENT_WEIGHTS) as ClientKey[];
const SIDE_OF = (k: ComponentKey): 'provider' | 'client' => ((PROVIDER_KEYS as string[]).includes(k) ? 'provider' : 'client');

/** Why a component has no score. */
const NONE: Record<ComponentKey, string> = {
  predictability: 'No provider commitment has come due yet, and no forecast can be checked yet.',
  proactiveness: 'No issue has occurred, no dependency has come due and no failure report has been published yet.',
  transparency: 'No status update has come due, no time has been logged and the RAID register has not been used yet.',
  responsiveness: 'No escalation and no decision owned by the provider has needed an answer yet.',
  advice: 'The provider has made no recommendation yet.',
  client_voice: 'The client has not answered a gate review yet.',
  decisions: 'No decision owned by the client has come due yet.',
  dependencies: 'No client dependency or client commitment has come due yet.',
  engagement: 'No gate review or status update has asked anything of the client yet.',
  provider_voice: 'The provider has not answered a gate review yet.',
};

// ── Scoring at an instant ────────────────────────────────────────────────

function sums(s: TrustState, key: ComponentKey, tMs: number): { num: number; den: number; pending: Entry[] } {
  const pool = s.pools[key];
  let n = pool.num;
  let d = pool.den;
  const pending = pendingEntries(s, key, tMs);
  for (const e of pending) {
    n += e.w * e.v;
    d += e.w;
  }
  return { num: n, den: d, pending };
}

/** Every component's score at an instant (ms), in COMPONENT_KEYS order. */
function scoresAt(s: TrustState, tMs: number): (number | null)[] {
  return COMPONENT_KEYS.map((k) => {
    const x = sums(s, k, tMs);
    return scoreOf(x.num, x.den);
  });
}

const headline = (scores: (number | null)[], side: 'provider' | 'client'): number | null => {
  let n = 0;
  let d = 0;
  COMPONENT_KEYS.forEach((k, i) => {
    const sc = scores[i];
    if (SIDE_OF(k) !== side || sc == null) return;
    const wt = side === 'provider' ? PROVIDER_WEIGHTS[k as ProviderKey] : CLIENT_WEIGHTS[k as ClientKey];
    n += wt * sc;
    d += wt;
  });
  return d > 0 ? round1(n / d) : null;
};

const dayIndex = (first: string, day: string) => Math.round((ms(day) - ms(first)) / DAY_MS);

/** Scores at the end of a UTC day: stored when the fold passed it, else computed from the state. */
function scoresOnDay(s: TrustState, day: string): (number | null)[] {
  if (!s.firstDay || day < s.firstDay) return COMPONENT_KEYS.map(() => null);
  const i = dayIndex(s.firstDay, day);
  if (i < s.days.length) return s.days[i]!;
  return scoresAt(s, ms(addDays(day, 1)));
}

// ── Report ────────────────────────────────────────────────────────────────

export function reportTrust(s: TrustState, options: TrustOptions): TrustReport {
  const tMs = ms(addDays(options.asOf, 1));
  const components = new Map<ComponentKey, TrustComponent>();
  for (const key of COMPONENT_KEYS) components.set(key, componentReport(s, key, tMs, options));
  const side = (keys: ComponentKey[], sideName: 'provider' | 'client') => {
    const list = keys.map((k) => components.get(k)!);
    let n = 0;
    let d = 0;
    for (const c of list) {
      if (c.score == null) continue;
      n += c.weight * c.score;
      d += c.weight;
    }
    void sideName;
    return { score: d > 0 ? round1(n / d) : null, components: list };
  };
  const provider = side(PROVIDER_KEYS, 'provider');
  const client = side(CLIENT_KEYS, 'client');
  // normalize the weights shown to the headline's (null components weigh 0)
  for (const sr of [provider, client]) {
    const total = sr.components.reduce((a, c) => a + c.weight, 0);
    for (const c of sr.components) c.weight = total > 0 ? Math.round((c.weight / total) * 1000) / 1000 : 0;
  }

  const trend: TrustReport['trend'] = [];
  const points = Math.max(1, options.trendPoints ?? DEFAULT_TREND_POINTS);
  for (let i = points - 1; i >= 0; i--) {
    const day = addDays(options.asOf, -7 * i);
    if ((!s.firstDay || day < s.firstDay) && i > 0) continue; // the engagement's weeks only
    const sc = day === options.asOf ? COMPONENT_KEYS.map((k) => components.get(k)!.score) : scoresOnDay(s, day);
    trend.push({ date: day, provider: headline(sc, 'provider'), client: headline(sc, 'client') });
  }

  const changes: TrustReport['changes'] = [];
  const thenDay = addDays(options.asOf, -CHANGE_WINDOW_DAYS);
  const then = scoresOnDay(s, thenDay);
  COMPONENT_KEYS.forEach((key, i) => {
    const c = components.get(key)!;
    const from = then[i] == null ? null : Math.round(then[i]!);
    const to = c.score == null ? null : Math.round(c.score);
    if (from === to || (from != null && to != null && Math.abs(to - from) < CHANGE_MIN_POINTS)) return;
    changes.push({ side: SIDE_OF(key), component: key, from, to, because: because(c, thenDay, from, to) });
  });

  return { asOf: options.asOf, provider, client, trend, changes };
}

function because(c: TrustComponent, sinceDay: string, from: number | null, to: number | null): string {
  const recent = c.evidence.filter((e) => e.at && dayOf(e.at) > sinceDay && (to == null || from == null || Math.sign(e.effect) === Math.sign(to - from) || e.effect === 0));
  const name = c.key.replace('_', ' ');
  const Name = name.charAt(0).toUpperCase() + name.slice(1);
  const head = from == null ? `${Name} had no score on ${short(sinceDay)} and is ${to} now` : to == null ? `${Name} has no score any more (it was ${from} on ${short(sinceDay)})` : `${Name} ${to > from ? 'rose' : 'fell'} from ${from} to ${to} since ${short(sinceDay)}`;
  if (recent.length === 0) return `${head}: older evidence weighs less as newer evidence arrives.`;
  const top = [...recent].sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect)).slice(0, 3);
  return `${head}: ${top.map((e) => `${e.title ? `'${e.title}'` : e.type} (${e.explanation.replace(/\.$/, '')})`).join('; ')}.`;
}

/** Evidence entries shown per component, the largest effects first (aggregates always). */
const MAX_EVIDENCE = 25;

function componentReport(s: TrustState, key: ComponentKey, tMs: number, options: TrustOptions): TrustComponent {
  const { num: n, den: d, pending } = sums(s, key, tMs);
  const score = scoreOf(n, d);
  const weight = SIDE_OF(key) === 'provider' ? PROVIDER_WEIGHTS[key as ProviderKey] : CLIENT_WEIGHTS[key as ClientKey];
  if (score == null) return { key, score: null, weight: 0, explanation: NONE[key], evidence: [], raise: [] };
  const all: Entry[] = [...s.pools[key].entries.values(), ...pending];
  // leave-one-out effect: how many points the score would differ without it
  const effectOf = (wt: number, wv: number) => {
    const without = scoreOf(n - wv, d - wt);
    return without == null ? score - 100 : score - without;
  };
  const singles: TrustEvidence[] = [];
  const groups = new Map<string, { ref: EvidenceRef; w: number; wv: number; count: number; good: number; last: string | null }>();
  const kinds = new Map<string, number>();
  for (const e of all) {
    kinds.set(e.ev.kind, (kinds.get(e.ev.kind) ?? 0) + 1);
    const g = e.ev.group;
    if (g) {
      const x = groups.get(g.key) ?? { ref: e.ev, w: 0, wv: 0, count: 0, good: 0, last: null };
      x.w += e.w;
      x.wv += e.w * e.v;
      x.count += 1;
      if (e.v >= 0.999) x.good += 1;
      if (e.ev.at && (!x.last || e.ev.at > x.last)) x.last = e.ev.at;
      groups.set(g.key, x);
      continue;
    }
    singles.push({ type: e.ev.type, id: e.ev.id, title: e.ev.title, at: e.ev.at, effect: round1(effectOf(e.w, e.w * e.v)), explanation: e.ev.explanation, path: options.paths(e.ev.type, e.ev.id) });
  }
  singles.sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect) || (b.at ?? '').localeCompare(a.at ?? ''));
  const evidence: TrustEvidence[] = [];
  for (const x of groups.values()) {
    const g = x.ref.group!;
    const pct = Math.round((100 * x.good) / x.count);
    const said = x.count === 1 && x.ref.explanation ? x.ref.explanation : `${pct}% of ${plural(x.count, g.noun.replace(/ies$/, 'y').replace(/s$/, ''), g.noun)} ${g.good}.`;
    evidence.push({ type: 'aggregate', id: null, title: capital(g.noun), at: x.last, effect: round1(effectOf(x.w, x.wv)), explanation: said, path: options.paths(g.listType, null) });
  }
  evidence.push(...singles.slice(0, MAX_EVIDENCE));
  const explanation = `${capital([...kinds.entries()].map(([k, c]) => `${k}: ${c}`).join('; '))}${extra(s, key)}.`;
  // what would raise it: re-score with the fixable entries at their better value
  const raise: TrustComponent['raise'] = [];
  const fixable = all.filter((e) => e.ev.fix && e.ev.fix.v > e.v);
  const byAction = new Map<string, Entry[]>();
  for (const e of fixable) byAction.set(e.ev.fix!.action, [...(byAction.get(e.ev.fix!.action) ?? []), e]);
  for (const [action, list] of byAction) {
    let n2 = n;
    for (const e of list) n2 += e.w * (e.ev.fix!.v - e.v);
    const to = scoreOf(n2, d);
    const titles = list.slice(0, 3).map((e) => `'${e.ev.title}'`).join(', ');
    raise.push({ action: `${action} (${titles}${list.length > 3 ? ', …' : ''})`, to: to == null ? null : Math.round(to) });
  }
  // and the open items due soon, dealt with on time: they would join the score (only when that raises it)
  for (const { action, entries } of upcomingEntries(s, key, tMs)) {
    let n2 = n;
    let d2 = d;
    for (const e of entries) {
      n2 += e.w * e.v;
      d2 += e.w;
    }
    const to = scoreOf(n2, d2);
    if (to == null || to < score + 0.5) continue;
    const titles = entries.slice(0, 3).map((e) => `'${e.ev.title}' ${e.ev.explanation.replace(/\.$/, '').replace(/^Due /, 'due ').replace(/^Needed by /, 'needed by ')}`).join(', ');
    raise.push({ action: `${action} (${titles}${entries.length > 3 ? ', …' : ''})`, to: Math.round(to) });
  }
  raise.sort((a, b) => (b.to ?? 0) - (a.to ?? 0));
  return { key, score: round1(score), weight, explanation, evidence, raise };
}

const capital = (x: string) => x.charAt(0).toUpperCase() + x.slice(1);

/** Figures a component shows besides its counts. */
function extra(s: TrustState, key: ComponentKey): string {
  if (key === 'proactiveness' && s.leadTimes.length) {
    const sorted = [...s.leadTimes].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    return `; median lead time from flag to occurrence ${plural(median, 'day')}`;
  }
  if (key === 'advice') {
    let hours = 0;
    let money = 0;
    let against = 0;
    for (const r of s.recommendations.values()) {
      if (r.kind === 'dont' || r.kind === 'alternative') against++;
      if ((r.kind === 'dont' || r.kind === 'alternative') && r.status === 'accepted') {
        hours += r.avoidedHours;
        money += r.avoidedMoney;
      }
    }
    const n = s.recommendations.size;
    return `; ${Math.round((100 * against) / Math.max(1, n))}% of ${plural(n, 'recommendation')} went against the provider's own revenue${hours || money ? `; accepted ones avoided ${[hours ? `${hours} h` : '', money ? `${money.toLocaleString('en')} of cost` : ''].filter(Boolean).join(' and ')}` : ''}`;
  }
  return '';
}

/** The index over a whole history: fold every record, then report. */
export function computeTrust(records: readonly TrustRecord[], options: TrustOptions): TrustReport {
  const s = create({ timeZone: options.timeZone, holidays: options.holidays });
  for (const r of records) foldTrust(s, r);
  return reportTrust(s, options);
}
