/**
 * The trust index's fold (ADR 0022): what each shared audit record says about
 * the partnership, kept as evidence in one pool per component. Pure. The
 * record shapes are the server's own (`appendAudit` calls in
 * `src/server/**`); the simulation harness writes the same shapes.
 *
 * Evidence whose value depends on the day it is read (an open decision past
 * its due date, an update nobody acknowledged) is not in a pool: it is kept
 * as an open item and valued by `pendingEntries` at the instant scored.
 */
import { type WorkCalendar, localDate, workingDaysBetween, workingDeadline } from '../calendar/working-days';
import type { AuditPayload } from '../audit/chain';
import { DAY_MS, type Entry, type EvidenceRef, Pool, decay } from './engine';
import * as W from './weights';
import type { ComponentKey } from './weights';

export interface TrustRecord {
  seq: number;
  /** ISO UTC instant of the record. */
  at: string;
  payload: AuditPayload;
}

type Side = 'provider' | 'client';

interface Commitment {
  id: string;
  side: Side;
  title: string;
  dueDate: string;
  status: 'open' | 'renegotiated' | 'kept' | 'missed';
  renegotiations: number[];
  deliveredOn: string | null;
  automatic: boolean;
}
interface Decision {
  id: string;
  title: string;
  dueDate: string;
  side: Side;
  requestedAt: string;
}
interface Dependency {
  id: string;
  title: string;
  neededBy: string;
  neededFrom: string;
  status: string;
  createdAt: string;
}
interface GateReview {
  id: string;
  title: string;
  answersDueOn: string | null;
  openedAt: string;
  clientSubmitted: boolean;
}
interface AckNeeded {
  id: string;
  title: string;
  health: string;
  publishedAt: string;
  deadline: string;
}
interface Escalation {
  id: string;
  title: string;
  raisedAt: string;
  responseHours: number;
}
interface Recommendation {
  kind: string;
  title: string;
  avoidedHours: number;
  avoidedMoney: number;
  hasReason: boolean;
  status: string;
  at: string;
}
interface Forecast {
  id: string;
  title: string;
  phaseId: string;
  p85: string;
  at: string;
}

export const COMPONENT_KEYS: ComponentKey[] = [...(Object.keys(W.PROVIDER_WEIGHTS) as ComponentKey[]), ...(Object.keys(W.CLIENT_WEIGHTS) as ComponentKey[])];

export interface TrustState {
  /** Decay origin (ms): the first record's instant. */
  origin: number | null;
  lastSeq: number;
  lastAt: string | null;
  /** The working calendar: the agreed charter's when the history has one, else the fallback given. */
  cal: WorkCalendar;
  responseHours: number;
  charters: Map<string, Record<string, unknown>>;
  pools: Record<ComponentKey, Pool>;
  sides: Map<string, Side>;
  commitments: Map<string, Commitment>;
  /** The outstanding ones (open or renegotiated), scanned when scoring. */
  openCommitments: Map<string, Commitment>;
  openDecisions: Map<string, Decision>;
  openDependencies: Map<string, Dependency>;
  dependencies: Map<string, Dependency>;
  openGateReviews: Map<string, GateReview>;
  gateTitles: Map<string, string>;
  acksNeeded: Map<string, AckNeeded>;
  openEscalations: Map<string, Escalation>;
  raidCreators: Map<string, Side | null>;
  raidTitles: Map<string, string>;
  lastRaidAt: string | null;
  openForecasts: Map<string, Forecast>;
  phasesDone: Map<string, string>;
  /** Days from flag to occurrence of each issue that had been a risk. */
  leadTimes: number[];
  recommendations: Map<string, Recommendation>;
  /** Scores at the end of each UTC day from `firstDay` up to the day before `curDay`. */
  firstDay: string | null;
  curDay: string | null;
  days: (number | null)[][];
}

export function createTrustState(fallback: { timeZone?: string | undefined; holidays?: readonly string[] | undefined } = {}): TrustState {
  const pools = {} as Record<ComponentKey, Pool>;
  for (const k of COMPONENT_KEYS) pools[k] = new Pool();
  return {
    origin: null,
    lastSeq: 0,
    lastAt: null,
    cal: { timeZone: fallback.timeZone ?? 'UTC', holidays: [...(fallback.holidays ?? [])] },
    responseHours: W.DEFAULT_RESPONSE_HOURS,
    charters: new Map(),
    pools,
    sides: new Map(),
    commitments: new Map(),
    openCommitments: new Map(),
    openDecisions: new Map(),
    openDependencies: new Map(),
    dependencies: new Map(),
    openGateReviews: new Map(),
    gateTitles: new Map(),
    acksNeeded: new Map(),
    openEscalations: new Map(),
    raidCreators: new Map(),
    raidTitles: new Map(),
    lastRaidAt: null,
    openForecasts: new Map(),
    phasesDone: new Map(),
    leadTimes: [],
    recommendations: new Map(),
    firstDay: null,
    curDay: null,
    days: [],
  };
}

// ── helpers ──────────────────────────────────────────────────────────────

export const rec = (x: unknown): Record<string, unknown> => (typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : {});
const str = (x: unknown): string | null => (typeof x === 'string' && x !== '' ? x : null);
const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
export const dayOf = (iso: string): string => iso.slice(0, 10);
export const ms = (iso: string): number => Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
export const addDays = (date: string, n: number): string => new Date(ms(date) + n * DAY_MS).toISOString().slice(0, 10);
export const daysBetween = (from: string, to: string): number => Math.round((ms(to.slice(0, 10)) - ms(from.slice(0, 10))) / DAY_MS);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const short = (date: string): string => `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1]}`;
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const endOfDay = (date: string) => `${addDays(date, 1)}T00:00:00.000Z`;

const weight = (s: TrustState, atIso: string, kindWeight = 1) => kindWeight * decay(ms(atIso), s.origin ?? ms(atIso), W.HALF_LIFE_DAYS);
const entry = (s: TrustState, at: string, v: number, ev: Omit<EvidenceRef, 'at'> & { at?: string | null }, kindWeight = 1): Entry => ({
  w: weight(s, at, kindWeight),
  v: Math.max(0, Math.min(1, v)),
  ev: { ...ev, at: ev.at === undefined ? at : ev.at },
});

/** The local date of an instant in the engagement's zone (cached per hour: zones move by whole quarter hours at most). */
const localCache = new Map<string, string>();
function localDay(s: TrustState, at: string): string {
  if (s.cal.timeZone === 'UTC') return dayOf(at);
  const k = `${s.cal.timeZone}|${at.slice(0, 13)}|${Number(at.slice(14, 16)) >= 30 ? 1 : 0}`;
  let d = localCache.get(k);
  if (d === undefined) {
    d = localDate(new Date(at), s.cal.timeZone);
    if (localCache.size > 100_000) localCache.clear();
    localCache.set(k, d);
  }
  return d;
}

const actorSide = (s: TrustState, p: AuditPayload): Side | null => (p.actor.id ? (s.sides.get(p.actor.id) ?? null) : null);
const roleSide = (role: unknown): Side | null => (role === 'lead' || role === 'member' ? 'provider' : role === 'sponsor' || role === 'stakeholder' ? 'client' : null);

// ── fold ─────────────────────────────────────────────────────────────────

/** What every component's score is at an instant; set by the report module (it closes the days). */
export type DayCloser = (s: TrustState, endMs: number) => (number | null)[];

export function foldRecord(s: TrustState, r: TrustRecord, closeDay: DayCloser): void {
  const p = r.payload;
  if (s.origin === null) s.origin = ms(r.at);
  const day = dayOf(r.at);
  if (s.curDay === null) {
    s.firstDay = day;
    s.curDay = day;
  } else if (day > s.curDay) {
    for (let d = s.curDay; d < day; d = addDays(d, 1)) s.days.push(closeDay(s, ms(addDays(d, 1))));
    s.curDay = day;
  }
  s.lastSeq = r.seq;
  s.lastAt = r.at;
  if (p.visibility !== 'shared') return;
  const dot = p.action.indexOf('.');
  const kind = dot < 0 ? p.action : p.action.slice(0, dot);
  const verb = dot < 0 ? '' : p.action.slice(dot + 1);
  const after = rec(p.after);
  const before = rec(p.before);
  switch (kind) {
    case 'engagement':
      if (verb === 'created' && str(after.lead)) s.sides.set(after.lead as string, 'provider');
      break;
    case 'member':
    case 'membership': {
      const side = roleSide(after.role);
      if (side && p.object.type === 'user') s.sides.set(p.object.id, side);
      else if (side && str(after.userId)) s.sides.set(after.userId as string, side);
      else if (side && (verb === 'joined' || verb === 'added') && p.actor.id) s.sides.set(p.actor.id, side);
      break;
    }
    case 'charter':
      foldCharter(s, r, verb, after);
      break;
    case 'commitment':
      foldCommitment(s, r, verb, after, before);
      break;
    case 'decision':
      foldDecision(s, r, verb, after, before);
      break;
    case 'risk':
    case 'issue':
    case 'assumption':
    case 'dependency':
      foldRaid(s, r, kind, verb, after);
      break;
    case 'status_update':
      foldStatus(s, r, verb, after);
      break;
    case 'gate_review':
      foldGate(s, r, verb, after);
      break;
    case 'recommendation':
      foldRecommendation(s, r, verb, after);
      break;
    case 'failure_report':
      if (verb === 'published') foldFailure(s, r, after);
      break;
    case 'escalation':
      foldEscalation(s, r, verb, after);
      break;
    case 'time_entry':
      foldTime(s, r, verb, after);
      break;
    case 'forecast':
      if (verb === 'recorded') foldForecast(s, r, after);
      break;
    case 'phase':
      if (after.status === 'done' && !s.phasesDone.has(p.object.id)) {
        s.phasesDone.set(p.object.id, dayOf(r.at));
        resolveForecasts(s, p.object.id, dayOf(r.at), r.at);
      }
      break;
  }
}

function foldCharter(s: TrustState, r: TrustRecord, verb: string, after: Record<string, unknown>) {
  if (verb === 'proposed') {
    s.charters.set(r.payload.object.id, rec(after.body));
    return;
  }
  if (verb !== 'agreed') return;
  const body = s.charters.get(r.payload.object.id);
  if (!body) return;
  const cadence = rec(body.cadence);
  const tz = str(cadence.timeZone);
  if (tz) s.cal = { timeZone: tz, holidays: Array.isArray(cadence.holidays) ? cadence.holidays.filter((h): h is string => typeof h === 'string') : s.cal.holidays };
  const ladder = Array.isArray(body.escalation) ? body.escalation.map(rec) : [];
  const first = ladder.length ? num(ladder[0]!.responseHours) : null;
  if (first) s.responseHours = first;
}

// commitments: predictability (provider's), dependencies (client's) ───────

function foldCommitment(s: TrustState, r: TrustRecord, verb: string, after: Record<string, unknown>, before: Record<string, unknown>) {
  const id = r.payload.object.id;
  let c = s.commitments.get(id);
  if (verb === 'created') {
    const side = str(after.side);
    const due = str(after.dueDate);
    if ((side !== 'provider' && side !== 'client') || !due) return;
    const c2: Commitment = { id, side, title: str(after.title) ?? 'Commitment', dueDate: due, status: 'open', renegotiations: [], deliveredOn: null, automatic: false };
    s.commitments.set(id, c2);
    s.openCommitments.set(id, c2);
    return;
  }
  if (!c) return; // no shared creation record: its side is unknown, so it cannot count
  c = c as Commitment;
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
      c.deliveredOn = c.automatic ? null : str(after.deliveredOn);
      c.dueDate = str(before.dueDate) ?? c.dueDate;
      break;
    case 'delivered_late':
      c.deliveredOn = str(after.deliveredOn) ?? dayOf(r.at);
      break;
    default:
      return;
  }
  if (c.status === 'kept' || c.status === 'missed') s.openCommitments.delete(id);
  else s.openCommitments.set(id, c);
  s.pools[c.side === 'provider' ? 'predictability' : 'dependencies'].put(`commitment:${id}`, commitmentEntry(s, c, r.at));
}

function commitmentEntry(s: TrustState, c: Commitment, at: string): Entry | undefined {
  const base = { type: 'commitment', id: c.id, title: c.title };
  const due = short(c.dueDate);
  const n = c.renegotiations.length;
  if (c.status === 'kept') {
    if (n === 0) return entry(s, at, 1, { ...base, kind: 'kept on time', explanation: `Kept: delivered ${short(c.deliveredOn ?? dayOf(at))}, due ${due}.` });
    const first = c.renegotiations[0]!;
    const early = c.renegotiations.every((d) => d >= W.EARLY_DAYS);
    return entry(s, at, W.keptValue(c.renegotiations), {
      ...base,
      kind: early ? 'kept after an early renegotiation' : 'kept after a late renegotiation',
      explanation: `Kept by its new date ${due} after ${plural(n, 'renegotiation')}, the first ${first >= 1 ? `${plural(first, 'day')} before it was due` : 'on or after its due date'}.`,
    });
  }
  if (c.status === 'missed') {
    if (n > 0) return entry(s, at, W.missedAfterRenegotiationValue(c.renegotiations), { ...base, kind: 'missed after a renegotiation', explanation: `Missed its renegotiated date ${due}.` });
    if (c.deliveredOn) return entry(s, at, W.MISSED_DELIVERED_LATE, { ...base, kind: 'missed without renegotiation', explanation: `Missed without renegotiation: due ${due}, delivered ${short(c.deliveredOn)}.` });
    return entry(s, at, W.MISSED_SILENTLY, { ...base, kind: 'missed without renegotiation', explanation: `Missed without renegotiation: due ${due}, not delivered.` });
  }
  return undefined;
}

// decisions: the owner's side (decisions for the client, responsiveness for the provider)

function foldDecision(s: TrustState, r: TrustRecord, verb: string, after: Record<string, unknown>, before: Record<string, unknown>) {
  const id = r.payload.object.id;
  if (verb === 'requested') {
    const superseded = str(before.supersedes);
    if (superseded) {
      s.openDecisions.delete(superseded);
    }
    const decider = str(after.deciderUserId);
    const side = decider ? s.sides.get(decider) : undefined;
    const due = str(after.dueDate);
    if (!side || !due) return; // a decider outside the engagement: neither side owns it here
    s.openDecisions.set(id, { id, title: str(after.title) ?? 'Decision', dueDate: due, side, requestedAt: r.at });
    return;
  }
  const d = s.openDecisions.get(id);
  if (!d) return;
  if (verb === 'decided') {
    s.openDecisions.delete(id);
    const late = Math.max(0, daysBetween(d.dueDate, localDay(s, r.at)));
    const v = late === 0 ? 1 : W.lateDecisionValue(late);
    s.pools[d.side === 'client' ? 'decisions' : 'responsiveness'].put(
      `decision:${id}`,
      entry(s, r.at, v, {
        type: 'decision',
        id,
        title: d.title,
        kind: late === 0 ? 'decided by the due date' : 'decided late',
        explanation: late === 0 ? `Decided ${short(localDay(s, r.at))}, due ${short(d.dueDate)}.` : `Decided ${plural(late, 'day')} after its due date ${short(d.dueDate)}.`,
      }),
    );
  } else if (verb === 'withdrawn' || verb === 'superseded' || verb === 'deleted') s.openDecisions.delete(id);
}

// RAID: proactiveness (issues flagged ahead, dependencies asked early), transparency (register kept), client dependencies

function foldRaid(s: TrustState, r: TrustRecord, type: string, verb: string, after: Record<string, unknown>) {
  const id = r.payload.object.id;
  s.lastRaidAt = r.at;
  const title = str(after.title);
  if (title) s.raidTitles.set(id, title);
  const name = s.raidTitles.get(id) ?? title ?? type;
  if (verb === 'created') s.raidCreators.set(id, actorSide(s, r.payload));
  if (type === 'issue' && verb === 'created') {
    // an issue recorded as such was not flagged as a risk first (an occurred risk writes risk.occurred instead)
    s.pools.proactiveness.put(`issue:${id}`, entry(s, r.at, 0, { type: 'issue', id, title: name, kind: 'issue not flagged as a risk first', explanation: 'Occurred without having been flagged as a risk.' }));
  }
  if (type === 'risk' && verb === 'occurred') {
    const flagged = str(after.flaggedAt) ?? r.at;
    const occurred = str(after.occurredAt) ?? r.at;
    const lead = Math.max(0, daysBetween(flagged, occurred));
    s.pools.proactiveness.put(
      `issue:${str(after.issueId) ?? id}`,
      entry(s, r.at, W.flagLeadValue(lead), { type: 'risk', id, title: name, kind: 'issue flagged as a risk ahead', explanation: `Flagged as a risk ${plural(lead, 'day')} before it occurred (${short(flagged)}).` }, 1),
    );
    s.leadTimes.push(lead);
  }
  if (type === 'dependency') foldDependency(s, r, verb, after, id, name);
}


function foldDependency(s: TrustState, r: TrustRecord, verb: string, after: Record<string, unknown>, id: string, name: string) {
  let d = s.dependencies.get(id);
  if (verb === 'created') {
    const neededBy = str(after.neededBy);
    const from = str(after.neededFrom);
    if (!neededBy || !from) return;
    d = { id, title: name, neededBy, neededFrom: from, status: 'open', createdAt: r.at };
    s.dependencies.set(id, d);
    if (from === 'client') s.openDependencies.set(id, d);
    if (from !== 'provider') {
      // asked of the client or a third party: how far ahead the provider asked
      const lead = Math.max(0, daysBetween(r.at, neededBy));
      s.pools.proactiveness.put(
        `dependency:${id}`,
        entry(s, r.at, W.dependencyLeadValue(lead), { type: 'dependency', id, title: name, kind: 'dependency requested ahead', explanation: `Requested ${plural(lead, 'day')} before it was needed (${short(neededBy)}).` }, W.DEPENDENCY_KIND_WEIGHT),
      );
    }
    return;
  }
  if (!d) return;
  d.title = name;
  const status = str(after.status);
  const neededBy = str(after.neededBy);
  if (neededBy) d.neededBy = neededBy;
  if (!status) return;
  d.status = status;
  if (d.neededFrom !== 'client') return;
  if (status === 'delivered') {
    s.openDependencies.delete(id);
    const late = Math.max(0, daysBetween(d.neededBy, localDay(s, r.at)));
    s.pools.dependencies.put(
      `dependency:${id}`,
      entry(s, r.at, late === 0 ? 1 : W.lateDeliveryValue(late), {
        type: 'dependency',
        id,
        title: d.title,
        kind: late === 0 ? 'delivered when needed' : 'delivered late',
        explanation: late === 0 ? `Delivered by ${short(d.neededBy)}, when it was needed.` : `Delivered ${plural(late, 'day')} after it was needed (${short(d.neededBy)}).`,
      }),
    );
  } else if (status === 'cancelled') {
    s.openDependencies.delete(id);
    s.pools.dependencies.put(`dependency:${id}`, undefined);
  } else if (status === 'open') {
    s.openDependencies.set(id, d);
    s.pools.dependencies.put(`dependency:${id}`, undefined);
  }
}

// status updates: transparency (on cadence, health that matched the data), engagement (acknowledged)

const HEALTH_RANK: Record<string, number> = { on_track: 0, at_risk: 1, off_track: 2 };

function foldStatus(s: TrustState, r: TrustRecord, verb: string, after: Record<string, unknown>) {
  const id = r.payload.object.id;
  if (verb === 'overdue') {
    const due = str(after.dueDate);
    if (due) s.pools.transparency.put(`due:${due}`, entry(s, r.at, 0, { type: 'aggregate', id: null, title: 'Status updates', kind: 'status update overdue', explanation: '', group: W.GROUP_STATUS }));
    return;
  }
  if (verb === 'published') {
    const due = str(after.dueDate);
    const late = num(after.lateWorkingDays) ?? 0;
    const title = str(after.title) ?? 'Status update';
    if (due) s.pools.transparency.put(`due:${due}`, entry(s, r.at, W.statusLatenessValue(late), { type: 'status_update', id, title, kind: late === 0 ? 'status update on time' : 'status update late', explanation: '', group: W.GROUP_STATUS }));
    const health = str(after.health);
    const suggested = str(after.suggestedHealth);
    if (health && suggested && HEALTH_RANK[health] !== undefined && HEALTH_RANK[suggested] !== undefined) {
      const rosier = HEALTH_RANK[health]! < HEALTH_RANK[suggested]!;
      s.pools.transparency.put(
        `health:${id}`,
        entry(
          s,
          r.at,
          rosier ? 0 : 1,
          {
            type: 'status_update',
            id,
            title,
            kind: rosier ? 'health rosier than the data' : 'health that matched the data',
            explanation: rosier ? `Said ${health.replace('_', ' ')} where the data suggested ${suggested.replace('_', ' ')}.` : `Said ${health.replace('_', ' ')}; the data suggested ${suggested.replace('_', ' ')}.`,
          },
          W.HEALTH_KIND_WEIGHT,
        ),
      );
    }
    if (health === 'at_risk' || health === 'off_track') {
      const deadline = workingDeadline(new Date(r.at), W.ACK_WORKING_DAYS, s.cal).toISOString();
      s.acksNeeded.set(id, { id, title, health, publishedAt: r.at, deadline });
    }
    return;
  }
  if (verb === 'acknowledged') {
    const a = s.acksNeeded.get(id);
    if (!a || actorSide(s, r.payload) !== 'client') return;
    s.acksNeeded.delete(id);
    const onTime = r.at <= a.deadline;
    s.pools.engagement.put(
      `ack:${id}`,
      entry(s, r.at, onTime ? 1 : W.LATE_ACK_VALUE, {
        type: 'status_update',
        id,
        title: a.title,
        kind: onTime ? 'update acknowledged in time' : 'update acknowledged late',
        explanation: `The ${a.health.replace('_', '-')} update was acknowledged ${onTime ? `within ${W.ACK_WORKING_DAYS} working days` : `after ${W.ACK_WORKING_DAYS} working days`}.`,
      }),
    );
  }
}

// gate reviews: client_voice, provider_voice (answers), engagement (client answered in time)

function foldGate(s: TrustState, r: TrustRecord, verb: string, after: Record<string, unknown>) {
  const id = r.payload.object.id;
  if (verb === 'opened') {
    const title = `Gate review: ${str(after.phaseName) ?? 'phase'}`;
    s.gateTitles.set(id, title);
    s.openGateReviews.set(id, { id, title, answersDueOn: str(after.answersDueOn), openedAt: r.at, clientSubmitted: false });
    return;
  }
  if (verb === 'decided' || verb === 'cancelled' || verb === 'withdrawn') s.openGateReviews.delete(id);
  const g = s.openGateReviews.get(id);
  if (verb === 'submitted' && after.side === 'client' && g && !g.clientSubmitted) {
    g.clientSubmitted = true;
    s.openGateReviews.delete(id);
    const late = g.answersDueOn ? Math.max(0, daysBetween(g.answersDueOn, localDay(s, r.at))) : 0;
    s.pools.engagement.put(
      `gate:${id}`,
      entry(s, r.at, late === 0 ? 1 : W.lateDeliveryValue(late), {
        type: 'gate_review',
        id,
        title: g.title,
        kind: late === 0 ? 'gate review answered in time' : 'gate review answered late',
        explanation: late === 0 ? 'The client answered the gate review by its due date.' : `The client answered ${plural(late, 'day')} after the due date ${short(g.answersDueOn!)}.`,
      }),
    );
    return;
  }
  if (verb === 'revealed') {
    const title = s.gateTitles.get(id) ?? 'Gate review';
    const client = answers(after.client);
    const provider = answers(after.provider);
    if (client.length) {
      const avg = client.reduce((a, x) => a + x.score, 0) / client.length;
      s.pools.client_voice.put(
        `gate:${id}`,
        entry(s, r.at, (avg - 1) / 4, { type: 'gate_review', id, title, kind: 'gate review by the client', explanation: `The client's answers average ${avg.toFixed(1)} of 5${lowest(client)}.` }),
      );
    }
    const partnership = provider.filter((a) => W.PARTNERSHIP_QUESTIONS.has(a.question) || !W.SELF_QUESTIONS.has(a.question));
    if (partnership.length) {
      const avg = partnership.reduce((a, x) => a + x.score, 0) / partnership.length;
      s.pools.provider_voice.put(
        `gate:${id}`,
        entry(s, r.at, (avg - 1) / 4, { type: 'gate_review', id, title, kind: 'gate review by the provider', explanation: `The provider's answers about the partnership average ${avg.toFixed(1)} of 5 (${partnership.map((a) => `${a.question.replace(/_/g, ' ')} ${a.score}`).join(', ')}).` }),
      );
    }
  }
}

const answers = (x: unknown): { question: string; score: number }[] => {
  const list = rec(x).answers;
  if (!Array.isArray(list)) return [];
  return list.map(rec).flatMap((a) => {
    const q = str(a.question);
    const sc = num(a.score);
    return q && sc != null && sc >= 1 && sc <= 5 ? [{ question: q, score: sc }] : [];
  });
};
const lowest = (list: { question: string; score: number }[]) => {
  const min = list.reduce((m, a) => (a.score < m.score ? a : m), list[0]!);
  return min.score <= 2 ? `, lowest on ${min.question.replace(/_/g, ' ')} (${min.score})` : '';
};

// recommendations: advice


function foldRecommendation(s: TrustState, r: TrustRecord, verb: string, after: Record<string, unknown>) {
  const id = r.payload.object.id;
  const all = s.recommendations;
  let x = all.get(id);
  if (verb === 'created' || verb === 'shared' || (verb === 'updated' && !x)) {
    const kind = str(after.kind) ?? x?.kind;
    if (!kind) return;
    const text = str(after.recommendation) ?? '';
    x = {
      kind,
      title: str(after.title) ?? x?.title ?? 'Recommendation',
      avoidedHours: num(after.avoidedHours) ?? x?.avoidedHours ?? 0,
      avoidedMoney: num(after.avoidedMoney) ?? x?.avoidedMoney ?? 0,
      hasReason: /\bbecause\b/i.test(text) || (str(after.benefit) ?? '') !== '' || (x?.hasReason ?? false),
      status: str(after.status) ?? x?.status ?? 'proposed',
      at: x?.at ?? r.at,
    };
    all.set(id, x);
  } else if (x && (verb === 'accepted' || verb === 'declined' || verb === 'deferred' || verb === 'withdrawn')) {
    x.status = verb;
    const t = str(after.title);
    if (t) x.title = t;
  } else if (x && verb === 'updated') {
    const t = str(after.title);
    if (t) x.title = t;
    const k = str(rec(after.figures).kind) ?? str(after.kind);
    if (k) x.kind = k;
  } else return;
  if (x.status === 'withdrawn') {
    s.pools.advice.put(`rec:${id}`, undefined);
    return;
  }
  const against = x.kind === 'dont' || x.kind === 'alternative';
  const v = W.adviceValue(x.kind, x.status, x.hasReason);
  const avoided = against && x.status === 'accepted' && (x.avoidedHours || x.avoidedMoney) ? `; ${[x.avoidedHours ? `${x.avoidedHours} h` : '', x.avoidedMoney ? `${x.avoidedMoney.toLocaleString('en')} of cost` : ''].filter(Boolean).join(' and ')} avoided` : '';
  s.pools.advice.put(
    `rec:${id}`,
    entry(s, x.at, v, {
      type: 'recommendation',
      id,
      title: x.title,
      kind: against ? `recommendation against the provider's own revenue (${x.status})` : `recommendation to do work (${x.status})`,
      explanation: `${against ? (x.kind === 'dont' ? 'Advised against work that was not needed' : 'Proposed a cheaper alternative') : 'Recommended doing work'}${x.hasReason ? ', with its reasons' : ''}; ${x.status}${avoided}.`,
    }),
  );
}

// failure reports: proactiveness (raised by the provider itself, or after the client raised the problem)

function foldFailure(s: TrustState, r: TrustRecord, after: Record<string, unknown>) {
  const id = r.payload.object.id;
  const source = rec(after.source);
  const sourceId = str(source.id);
  const clientFirst = sourceId ? s.raidCreators.get(sourceId) === 'client' : false;
  s.pools.proactiveness.put(
    `failure:${id}`,
    entry(s, r.at, clientFirst ? W.FAILURE_CLIENT_FIRST : 1, {
      type: 'failure_report',
      id,
      title: str(after.title) ?? 'Failure report',
      kind: clientFirst ? 'failure report after the client raised the problem' : 'failure report the provider raised itself',
      explanation: clientFirst ? `Published after the client raised the problem ('${str(source.title) ?? 'an issue'}').` : 'The provider reported its own failure, before the client raised it.',
    }),
  );
}

// escalations: responsiveness (the provider's answer to the client's escalations)

function foldEscalation(s: TrustState, r: TrustRecord, verb: string, after: Record<string, unknown>) {
  const id = r.payload.object.id;
  if (verb === 'raised') {
    if (actorSide(s, r.payload) !== 'client') return; // the provider answers what the client raises
    s.openEscalations.set(id, { id, title: str(after.title) ?? 'Escalation', raisedAt: r.at, responseHours: s.responseHours });
    return;
  }
  const e = s.openEscalations.get(id);
  if (!e) return;
  if (verb === 'acknowledged' || verb === 'resolved' || verb === 'deescalated') {
    s.openEscalations.delete(id);
    const hours = (ms(r.at) - ms(e.raisedAt)) / 3_600_000;
    const onTime = hours <= e.responseHours;
    s.pools.responsiveness.put(
      `escalation:${id}`,
      entry(s, r.at, onTime ? 1 : W.lateAnswerValue(hours / e.responseHours), {
        type: 'escalation',
        id,
        title: e.title,
        kind: onTime ? 'escalation answered in time' : 'escalation answered late',
        explanation: `${verb === 'acknowledged' ? 'Acknowledged' : 'Answered'} after ${Math.round(hours)} h; the charter asks for ${e.responseHours} h.`,
      }),
    );
  }
}

// time entries: transparency (logged within two working days), one aggregate

const TIME_PROMPT: EvidenceRef = { type: 'aggregate', id: null, title: 'Time entries', at: null, kind: 'time entry logged promptly', explanation: '', group: W.GROUP_TIME };
const TIME_LATE: EvidenceRef = { ...TIME_PROMPT, kind: 'time entry logged late' };

function foldTime(s: TrustState, r: TrustRecord, verb: string, after: Record<string, unknown>) {
  const id = r.payload.object.id;
  if (verb === 'deleted') {
    s.pools.transparency.put(`time:${id}`, undefined);
    return;
  }
  if (verb !== 'created') return;
  const worked = str(after.dateWorked);
  if (!worked) return;
  const logged = localDay(s, r.at);
  const prompt = logged <= worked || workingDaysBetween(worked, logged, s.cal) <= W.TIME_LOGGING_WORKING_DAYS;
  // one shared evidence object per kind: an engagement has many entries, all shown as one aggregate
  s.pools.transparency.put(`time:${id}`, { w: weight(s, r.at, W.TIME_KIND_WEIGHT), v: prompt ? 1 : 0, ev: prompt ? TIME_PROMPT : TIME_LATE });
}

// forecasts: predictability (P85 dates that held)

function foldForecast(s: TrustState, r: TrustRecord, after: Record<string, unknown>) {
  const scope = rec(after.scope);
  const phaseId = str(scope.phaseId);
  const p85 = str(rec(after.dates).p85);
  if (scope.kind !== 'phase' || !phaseId || !p85) return; // only a phase's end can be checked in the history
  const title = `Forecast for ${str(scope.name) ?? 'a phase'}`;
  // one forecast per phase and month counts, the month's latest: weekly re-forecasts do not outweigh the commitments
  const key = `forecast:${phaseId}:${dayOf(r.at).slice(0, 7)}`;
  const done = s.phasesDone.get(phaseId);
  const f: Forecast = { id: r.payload.object.id, title, phaseId, p85: p85.slice(0, 10), at: r.at };
  if (done) {
    s.pools.predictability.put(key, forecastEntry(s, f, done, r.at));
    return;
  }
  s.openForecasts.set(key, f);
}

function resolveForecasts(s: TrustState, phaseId: string, doneOn: string, at: string) {
  for (const [key, f] of s.openForecasts) {
    if (f.phaseId !== phaseId) continue;
    s.openForecasts.delete(key);
    s.pools.predictability.put(key, forecastEntry(s, f, doneOn, at));
  }
}

export function forecastEntry(s: TrustState, f: Forecast, doneOn: string | null, at: string): Entry {
  const late = doneOn ? Math.max(0, daysBetween(f.p85, doneOn)) : Math.max(0, daysBetween(f.p85, dayOf(at)));
  const held = doneOn !== null && late === 0;
  return entry(
    s,
    at,
    held ? 1 : W.forecastSlipValue(late),
    {
      type: 'forecast',
      id: f.id,
      title: f.title,
      kind: held ? 'P85 forecast that held' : 'P85 forecast that slipped',
      explanation: held ? `The phase ended ${short(doneOn!)}, by its P85 date ${short(f.p85)}.` : doneOn ? `The phase ended ${plural(late, 'day')} after its P85 date ${short(f.p85)}.` : `${plural(late, 'day')} past its P85 date ${short(f.p85)} and the phase is not done.`,
    },
    W.FORECAST_KIND_WEIGHT,
  );
}

// ── open items, valued at the instant read ─────────────────────────────

/** How far ahead "what would raise it" looks at open items that are not due yet. */
export const UPCOMING_DAYS = 14;

/**
 * Open items due within the next two weeks that would count in the component
 * once dealt with on time: for "what would raise it" only, never in the score.
 * Each is the entry it would become (kept, decided, delivered by its date),
 * grouped under the action that gets it.
 */
export function upcomingEntries(s: TrustState, key: ComponentKey, tMs: number): { action: string; entries: Entry[] }[] {
  const today = new Date(tMs - 1).toISOString().slice(0, 10);
  const until = new Date(tMs - 1 + UPCOMING_DAYS * DAY_MS).toISOString().slice(0, 10);
  const soon = (d: string) => d >= today && d <= until;
  const out: { action: string; entries: Entry[] }[] = [];
  const add = (action: string, entries: Entry[]) => {
    if (entries.length) out.push({ action, entries: entries.sort((a, b) => (a.ev.at ?? '').localeCompare(b.ev.at ?? '')) });
  };
  switch (key) {
    case 'predictability':
    case 'dependencies': {
      const side = key === 'predictability' ? 'provider' : 'client';
      const keep = [...s.openCommitments.values()].filter((c) => c.side === side && soon(c.dueDate));
      add(
        `Keeping the ${side === 'provider' ? 'provider' : 'client'} commitments due in the next ${UPCOMING_DAYS} days by their dates`,
        keep.map((c) => entry(s, endOfDay(c.dueDate), W.keptValue(c.renegotiations), { type: 'commitment', id: c.id, title: c.title, kind: 'due soon', explanation: `Due ${short(c.dueDate)}.` })),
      );
      if (key === 'dependencies') {
        const deliver = [...s.openDependencies.values()].filter((d) => soon(d.neededBy));
        add(
          `Delivering the dependencies needed in the next ${UPCOMING_DAYS} days on time`,
          deliver.map((d) => entry(s, endOfDay(d.neededBy), 1, { type: 'dependency', id: d.id, title: d.title, kind: 'needed soon', explanation: `Needed by ${short(d.neededBy)}.` })),
        );
      }
      break;
    }
    case 'decisions':
    case 'responsiveness': {
      const side = key === 'decisions' ? 'client' : 'provider';
      const decide = [...s.openDecisions.values()].filter((d) => d.side === side && soon(d.dueDate));
      add(
        `Deciding the ${side} decisions due in the next ${UPCOMING_DAYS} days by their dates`,
        decide.map((d) => entry(s, endOfDay(d.dueDate), 1, { type: 'decision', id: d.id, title: d.title, kind: 'due soon', explanation: `Due ${short(d.dueDate)}.` })),
      );
      break;
    }
    default:
      break;
  }
  return out;
}

/** Entries whose value depends on the instant read (open items past due). `tMs` is the end of the day read. */
export function pendingEntries(s: TrustState, key: ComponentKey, tMs: number): Entry[] {
  const out: Entry[] = [];
  const today = new Date(tMs - 1).toISOString().slice(0, 10);
  const nowIso = new Date(tMs).toISOString();
  switch (key) {
    case 'predictability':
    case 'dependencies': {
      const side = key === 'predictability' ? 'provider' : 'client';
      for (const c of s.openCommitments.values()) {
        if (c.side !== side || c.dueDate >= today) continue;
        out.push(entry(s, endOfDay(c.dueDate), c.renegotiations.length ? W.missedAfterRenegotiationValue(c.renegotiations) : W.MISSED_SILENTLY, { type: 'commitment', id: c.id, title: c.title, kind: 'past due, not delivered', explanation: `Past its due date ${short(c.dueDate)} and not delivered.` }));
      }
      if (key === 'predictability') {
        for (const f of s.openForecasts.values()) if (f.p85 < today) out.push(forecastEntry(s, f, null, nowIso));
      } else {
        for (const d of s.openDependencies.values()) {
          if (d.neededBy >= today) continue;
          const late = daysBetween(d.neededBy, today);
          out.push(entry(s, endOfDay(d.neededBy), 0, { type: 'dependency', id: d.id, title: d.title, kind: 'needed and not delivered', explanation: `Needed by ${short(d.neededBy)}, ${plural(late, 'day')} ago, not delivered.`, fix: { v: W.lateDeliveryValue(late), action: 'Delivering the overdue dependencies' } }));
        }
      }
      break;
    }
    case 'decisions':
    case 'responsiveness': {
      const side = key === 'decisions' ? 'client' : 'provider';
      for (const d of s.openDecisions.values()) {
        if (d.side !== side || d.dueDate >= today) continue;
        const late = daysBetween(d.dueDate, today);
        out.push(
          entry(s, endOfDay(d.dueDate), 0, {
            type: 'decision',
            id: d.id,
            title: d.title,
            kind: 'past due, not decided',
            explanation: `Due ${short(d.dueDate)}, ${plural(late, 'day')} ago, not decided.`,
            fix: { v: W.lateDecisionValue(late), action: `Deciding the past-due ${side} decisions` },
          }),
        );
      }
      if (key === 'responsiveness') {
        for (const e of s.openEscalations.values()) {
          const hours = (tMs - ms(e.raisedAt)) / 3_600_000;
          if (hours <= e.responseHours) continue;
          out.push(
            entry(s, new Date(ms(e.raisedAt) + e.responseHours * 3_600_000).toISOString(), 0, {
              type: 'escalation',
              id: e.id,
              title: e.title,
              kind: 'escalation not acknowledged',
              explanation: `Raised ${Math.round(hours)} h ago and not acknowledged; the charter asks for ${e.responseHours} h.`,
              fix: { v: W.lateAnswerValue(hours / e.responseHours), action: 'Acknowledging the open escalations' },
            }),
          );
        }
      }
      break;
    }
    case 'engagement': {
      for (const g of s.openGateReviews.values()) {
        if (!g.answersDueOn || g.answersDueOn >= today) continue;
        const late = daysBetween(g.answersDueOn, today);
        out.push(entry(s, endOfDay(g.answersDueOn), 0, { type: 'gate_review', id: g.id, title: g.title, kind: 'gate review not answered', explanation: `Answers were due ${short(g.answersDueOn)}; the client has not answered.`, fix: { v: W.lateDeliveryValue(late), action: 'Answering the open gate reviews' } }));
      }
      for (const a of s.acksNeeded.values()) {
        if (a.deadline >= nowIso) continue;
        out.push(entry(s, a.deadline, 0, { type: 'status_update', id: a.id, title: a.title, kind: 'update not acknowledged', explanation: `The ${a.health.replace('_', '-')} update has not been acknowledged by the client.`, fix: { v: W.LATE_ACK_VALUE, action: 'Acknowledging the at-risk status updates' } }));
      }
      break;
    }
    case 'transparency': {
      if (s.lastRaidAt) {
        const since = Math.max(0, (tMs - ms(s.lastRaidAt)) / DAY_MS);
        out.push(
          entry(
            s,
            nowIso,
            W.raidFreshnessValue(since),
            {
              type: 'aggregate',
              id: null,
              title: 'RAID register',
              at: s.lastRaidAt,
              kind: since <= W.RAID_FRESH_DAYS ? 'RAID register reviewed recently' : 'RAID register not reviewed recently',
              explanation: `Last changed ${plural(Math.floor(since), 'day')} ago.`,
              group: W.GROUP_RAID,
              fix: { v: 1, action: 'Reviewing the RAID register' },
            },
            W.RAID_KIND_WEIGHT,
          ),
        );
      }
      break;
    }
    default:
      break;
  }
  return out;
}
