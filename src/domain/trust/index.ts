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
 */
import type { TrustComponent, TrustEvidence, TrustReport } from '../../contracts/trust';
import type { AuditPayload } from '../audit/chain';
import { type Entry, type EvidenceRef, DAY_MS, Pool, decay, round1, scoreOf } from './engine';
import {
  CHANGE_MIN_POINTS,
  CHANGE_WINDOW_DAYS,
  CLIENT_WEIGHTS,
  type ClientKey,
  type ComponentKey,
  DEFAULT_TREND_POINTS,
  HALF_LIFE_DAYS,
  MISSED_DELIVERED_LATE,
  MISSED_SILENTLY,
  PROVIDER_WEIGHTS,
  type ProviderKey,
  keptValue,
  missedAfterRenegotiationValue,
} from './weights';

export type { ComponentKey } from './weights';

export interface TrustRecord {
  seq: number;
  /** ISO UTC instant of the record. */
  at: string;
  payload: AuditPayload;
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
export const COMPONENT_KEYS: ComponentKey[] = [...PROVIDER_KEYS, ...CLIENT_KEYS];
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

// ── State ─────────────────────────────────────────────────────────────────

interface Commitment {
  id: string;
  side: 'provider' | 'client';
  title: string;
  dueDate: string;
  originalDueDate: string;
  status: 'open' | 'renegotiated' | 'kept' | 'missed';
  renegotiations: number[];
  deliveredOn: string | null;
  automatic: boolean;
}

export interface TrustState {
  /** Decay origin (ms): the first record's instant. */
  origin: number | null;
  lastSeq: number;
  lastAt: string | null;
  pools: Record<ComponentKey, Pool>;
  commitments: Map<string, Commitment>;
  /** Scores at the end of each UTC day from `firstDay` up to the day before `curDay`. */
  firstDay: string | null;
  curDay: string | null;
  days: (number | null)[][];
}

export function createTrustState(): TrustState {
  const pools = {} as Record<ComponentKey, Pool>;
  for (const k of COMPONENT_KEYS) pools[k] = new Pool();
  return { origin: null, lastSeq: 0, lastAt: null, pools, commitments: new Map(), firstDay: null, curDay: null, days: [] };
}

const rec = (x: unknown): Record<string, unknown> => (typeof x === 'object' && x !== null ? (x as Record<string, unknown>) : {});
const str = (x: unknown): string | null => (typeof x === 'string' ? x : null);
const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const dayOf = (iso: string) => iso.slice(0, 10);
const ms = (iso: string) => Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
const addDays = (date: string, n: number) => new Date(ms(date) + n * DAY_MS).toISOString().slice(0, 10);
const dayIndex = (first: string, day: string) => Math.round((ms(day) - ms(first)) / DAY_MS);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const short = (date: string) => `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1]}`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const w = (s: TrustState, atIso: string, kindWeight = 1) => kindWeight * decay(ms(atIso), s.origin ?? ms(atIso), HALF_LIFE_DAYS);

// ── Fold ──────────────────────────────────────────────────────────────────

/** Folds one record (the next in seq order) into the state. */
export function foldTrust(s: TrustState, r: TrustRecord): TrustState {
  const p = r.payload;
  if (s.origin === null) s.origin = ms(r.at);
  const day = dayOf(r.at);
  if (s.curDay === null) {
    s.firstDay = day;
    s.curDay = day;
  } else if (day > s.curDay) {
    // close the days before this record's day
    for (let d = s.curDay; d < day; d = addDays(d, 1)) s.days.push(scoresAt(s, ms(addDays(d, 1))));
    s.curDay = day;
  }
  s.lastSeq = r.seq;
  s.lastAt = r.at;
  if (p.visibility !== 'shared') return s;
  const [kind, verb] = splitAction(p.action);
  switch (kind) {
    case 'commitment':
      foldCommitment(s, r, verb);
      break;
  }
  return s;
}

const splitAction = (action: string): [string, string] => {
  const i = action.indexOf('.');
  return i < 0 ? [action, ''] : [action.slice(0, i), action.slice(i + 1)];
};

function foldCommitment(s: TrustState, r: TrustRecord, verb: string) {
  const id = r.payload.object.id;
  const after = rec(r.payload.after);
  const before = rec(r.payload.before);
  let c = s.commitments.get(id);
  if (verb === 'created') {
    const side = str(after.side);
    const due = str(after.dueDate);
    if ((side !== 'provider' && side !== 'client') || !due) return;
    c = { id, side, title: str(after.title) ?? 'Commitment', dueDate: due, originalDueDate: due, status: 'open', renegotiations: [], deliveredOn: null, automatic: false };
    s.commitments.set(id, c);
    return;
  }
  if (!c) return; // a commitment without a shared creation record: its side is unknown
  const title = str(after.title);
  if (title) c.title = title;
  switch (verb) {
    case 'renegotiated':
      c.renegotiations.push(num(after.daysInAdvance) ?? 0);
      c.dueDate = str(after.dueDate) ?? c.dueDate;
      c.status = 'renegotiated';
      break;
    case 'kept':
      c.status = 'kept';
      c.deliveredOn = str(after.deliveredOn) ?? dayOf(r.at);
      break;
    case 'missed':
      c.status = 'missed';
      c.automatic = after.automatic === true;
      c.deliveredOn = c.automatic ? null : (str(after.deliveredOn) ?? null);
      c.dueDate = str(before.dueDate) ?? c.dueDate;
      break;
    case 'delivered_late':
      c.deliveredOn = str(after.deliveredOn) ?? dayOf(r.at);
      break;
    default:
      return;
  }
  const pool = s.pools[c.side === 'provider' ? 'predictability' : 'dependencies'];
  pool.put(`commitment:${id}`, commitmentEntry(s, c, r.at));
}

function commitmentEntry(s: TrustState, c: Commitment, at: string): Entry | undefined {
  const base = { type: 'commitment', id: c.id, title: c.title, at };
  const due = short(c.dueDate);
  const n = c.renegotiations.length;
  if (c.status === 'kept') {
    if (n === 0) return { w: w(s, at), v: 1, ev: { ...base, kind: 'kept on time', explanation: `Kept: delivered on ${short(c.deliveredOn ?? dayOf(at))}, due ${due}.` } };
    const first = c.renegotiations[0]!;
    const early = c.renegotiations.every((d) => d >= 1);
    return {
      w: w(s, at),
      v: keptValue(c.renegotiations),
      ev: {
        ...base,
        kind: early ? 'kept after an early renegotiation' : 'kept after a late renegotiation',
        explanation: `Kept by its new date ${due} after ${plural(n, 'renegotiation')} (the first ${first >= 1 ? `${plural(first, 'day')} before it was due` : 'on or after its due date'}).`,
      },
    };
  }
  if (c.status === 'missed') {
    if (n > 0)
      return { w: w(s, at), v: missedAfterRenegotiationValue(c.renegotiations), ev: { ...base, kind: 'missed after a renegotiation', explanation: `Missed its renegotiated date ${due}.` } };
    if (c.deliveredOn)
      return { w: w(s, at), v: MISSED_DELIVERED_LATE, ev: { ...base, kind: 'missed without renegotiation', explanation: `Missed without renegotiation: due ${due}, delivered ${short(c.deliveredOn)}.` } };
    return { w: w(s, at), v: MISSED_SILENTLY, ev: { ...base, kind: 'missed without renegotiation', explanation: `Missed without renegotiation: due ${due}, not delivered.` } };
  }
  return undefined;
}

// ── Scoring at an instant ────────────────────────────────────────────────

/** Entries whose value depends on the instant read (open items past due). */
function pendingEntries(s: TrustState, key: ComponentKey, tMs: number): Entry[] {
  const out: Entry[] = [];
  if (key === 'predictability' || key === 'dependencies') {
    const side = key === 'predictability' ? 'provider' : 'client';
    const today = new Date(tMs - 1).toISOString().slice(0, 10);
    for (const c of s.commitments.values()) {
      if (c.side !== side || (c.status !== 'open' && c.status !== 'renegotiated') || c.dueDate >= today) continue;
      const at = `${addDays(c.dueDate, 1)}T00:00:00.000Z`;
      out.push({
        w: w(s, at),
        v: c.renegotiations.length ? missedAfterRenegotiationValue(c.renegotiations) : MISSED_SILENTLY,
        ev: { type: 'commitment', id: c.id, title: c.title, at, kind: 'past due, not delivered', explanation: `Past its due date ${short(c.dueDate)} and not delivered.` },
      });
    }
  }
  return out;
}

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
    if (s.firstDay && day < s.firstDay && i > 0) continue;
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
  const head = from == null ? `${name} has a score since ${short(sinceDay)}` : to == null ? `${name} has no score any more` : `${name} ${to > from ? 'rose' : 'fell'} from ${from} to ${to} since ${short(sinceDay)}`;
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
    evidence.push({ type: 'aggregate', id: null, title: g.noun, at: x.last, effect: round1(effectOf(x.w, x.wv)), explanation: `${pct}% of ${plural(x.count, g.noun.replace(/s$/, ''), g.noun)} ${g.good}.`, path: options.paths(g.listType, null) });
  }
  evidence.push(...singles.slice(0, MAX_EVIDENCE));
  const explanation = `${[...kinds.entries()].map(([k, c]) => `${c} ${k}`).join('; ')}.`;
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
  raise.sort((a, b) => (b.to ?? 0) - (a.to ?? 0));
  return { key, score: round1(score), weight, explanation, evidence, raise };
}

/** The index over a whole history: fold every record, then report. */
export function computeTrust(records: readonly TrustRecord[], options: TrustOptions): TrustReport {
  const s = createTrustState();
  for (const r of records) foldTrust(s, r);
  return reportTrust(s, options);
}
