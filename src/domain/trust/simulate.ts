/**
 * The trust index's simulation harness (issue 14): engagements generated from
 * behaviour profiles, as streams of audit records with the SAME action names
 * and payload shapes the server writes (`appendAudit` calls in
 * `src/server/**`), so the index is tested on what it will read. Pure and
 * deterministic: a seed drives every choice.
 *
 * `SimEngagement` writes single records (one method per server use case);
 * `generate(profile, …)` writes months of them from a profile.
 */
import type { AuditPayload } from '../audit/chain';
import { mulberry32 } from '../random';
import type { TrustRecord } from './fold';

/** mulberry32 (src/domain/random.ts): small, fast, seeded. */
export const rng = mulberry32;

const DAY = 86_400_000;
export const isoAt = (ms: number): string => new Date(ms).toISOString();
export const dateOf = (ms: number): string => isoAt(ms).slice(0, 10);

export const PEOPLE = {
  lead: { id: 'u-lead', label: 'Maya Okafor <lead@sim.test>' },
  member: { id: 'u-member', label: 'Tom Reyes <member@sim.test>' },
  sponsor: { id: 'u-sponsor', label: 'Ingrid Halvorsen <sponsor@sim.test>' },
  stakeholder: { id: 'u-stake', label: 'Sam Patel <stakeholder@sim.test>' },
  system: { id: null, label: 'system' },
} as const;
type Person = (typeof PEOPLE)[keyof typeof PEOPLE];

/** Writes audit records in seq order, as the server would. */
export class SimEngagement {
  readonly records: TrustRecord[] = [];
  private n = 0;
  constructor(
    readonly id = 'eng-sim',
    private readonly visibility: 'shared' | 'internal' = 'shared',
  ) {}

  private nextId(prefix: string) {
    this.n += 1;
    return `${prefix}-${this.n}`;
  }

  /** Appends one record (times must not go backwards). */
  push(atMs: number, actor: Person, action: string, object: { type: string; id: string }, before: Record<string, unknown> | null, after: Record<string, unknown> | null, visibility = this.visibility): TrustRecord {
    const last = this.records[this.records.length - 1];
    const at = isoAt(Math.max(atMs, last ? Date.parse(last.at) : atMs));
    const payload: AuditPayload = { actor: { ...actor }, action, object, visibility, before, after, salt: '0'.repeat(32) };
    const r = { seq: this.records.length + 1, at, payload };
    this.records.push(r);
    return r;
  }

  start(atMs: number, charter: { timeZone?: string; holidays?: string[]; responseHours?: number } = {}) {
    this.push(atMs, PEOPLE.lead, 'engagement.created', { type: 'engagement', id: this.id }, null, { clientOrgId: 'org-c', lead: PEOPLE.lead.id, name: 'Simulated engagement', providerOrgId: 'org-p', summary: '' }, 'shared');
    this.push(atMs, PEOPLE.lead, 'member.added', { type: 'user', id: PEOPLE.member.id }, null, { name: 'Tom Reyes', role: 'member' }, 'shared');
    this.push(atMs, PEOPLE.lead, 'member.added', { type: 'user', id: PEOPLE.sponsor.id }, null, { name: 'Ingrid Halvorsen', role: 'sponsor' }, 'shared');
    this.push(atMs, PEOPLE.lead, 'member.added', { type: 'user', id: PEOPLE.stakeholder.id }, null, { name: 'Sam Patel', role: 'stakeholder' }, 'shared');
    const v = this.nextId('charter');
    const body = {
      cadence: { futureReviewEvery: 'monthly', gateReviewReminderDays: 5, holidays: charter.holidays ?? [], meetings: [], statusUpdateEvery: 'weekly', statusUpdateWeekday: 'fri', timeZone: charter.timeZone ?? 'UTC' },
      collaboration: [],
      escalation: [{ person: { userId: PEOPLE.lead.id }, userId: PEOPLE.lead.id, responseHours: charter.responseHours ?? 24 }],
    };
    this.push(atMs, PEOPLE.lead, 'charter.proposed', { type: 'charter_version', id: v }, null, { body, note: '', version: 1 }, 'shared');
    this.push(atMs, PEOPLE.sponsor, 'charter.agreed', { type: 'charter_version', id: v }, { status: 'proposed' }, { side: 'client', status: 'agreed', version: 1 }, 'shared');
  }

  // commitments (src/server/commitments/service.ts)
  commitment(atMs: number, side: 'provider' | 'client', title: string, dueDate: string): string {
    const id = this.nextId('commitment');
    const actor = side === 'provider' ? PEOPLE.lead : PEOPLE.sponsor;
    this.push(atMs, actor, 'commitment.created', { type: 'commitment', id }, null, { side, title, details: '', assumptions: '', dueDate, ownerId: actor.id, phaseId: null, itemIds: [], visibility: this.visibility });
    return id;
  }
  renegotiate(atMs: number, id: string, title: string, from: string, to: string) {
    const daysInAdvance = Math.round((Date.parse(`${from}T00:00:00Z`) - Date.parse(`${dateOf(atMs)}T00:00:00Z`)) / DAY);
    this.push(atMs, PEOPLE.lead, 'commitment.renegotiated', { type: 'commitment', id }, { status: 'open', dueDate: from }, { status: 'renegotiated', dueDate: to, reason: 'simulated', daysInAdvance, title });
  }
  keep(atMs: number, id: string, title: string, dueDate: string) {
    const deliveredOn = dateOf(atMs);
    if (deliveredOn <= dueDate) this.push(atMs, PEOPLE.lead, 'commitment.kept', { type: 'commitment', id }, { status: 'open', deliveredOn: null }, { status: 'kept', deliveredOn, dueDate, note: '', title });
    else this.push(atMs, PEOPLE.lead, 'commitment.missed', { type: 'commitment', id }, { status: 'open', deliveredOn: null }, { status: 'missed', deliveredOn, dueDate, note: '', title });
  }
  autoMiss(id: string, title: string, dueDate: string, renegotiated = false) {
    this.push(Date.parse(`${dueDate}T00:00:05Z`) + DAY, PEOPLE.system, 'commitment.missed', { type: 'commitment', id }, { status: renegotiated ? 'renegotiated' : 'open', dueDate }, { status: 'missed', automatic: true, title });
  }

  // decisions (src/server/governance/decisions.ts)
  decisionRequested(atMs: number, title: string, decider: Person, dueDate: string): string {
    const id = this.nextId('decision');
    this.push(atMs, PEOPLE.lead, 'decision.requested', { type: 'decision', id }, null, { title, context: '', options: [], recommendation: '', kind: 'scope', dueDate, visibility: this.visibility, number: this.n, decider: decider.label, deciderUserId: decider.id, consulted: [] });
    return id;
  }
  decide(atMs: number, id: string, title: string, dueDate: string, decider: Person) {
    this.push(atMs, decider, 'decision.decided', { type: 'decision', id }, { status: 'proposed' }, { status: 'decided', outcome: 'simulated', chosenOption: null, number: 1, title, dueDate, decider: decider.label });
  }

  // RAID (src/server/governance/raid.ts)
  risk(atMs: number, title: string, by: Person = PEOPLE.lead): string {
    const id = this.nextId('risk');
    this.push(atMs, by, 'risk.created', { type: 'risk', id }, null, { type: 'risk', title, description: '', probability: 3, impact: 3, mitigation: '', trigger: '', visibility: this.visibility, owner: by.label, ownerUserId: by.id });
    return id;
  }
  riskOccurred(atMs: number, riskId: string, title: string, flaggedAtMs: number): string {
    const issueId = this.nextId('issue');
    this.push(atMs, PEOPLE.lead, 'risk.occurred', { type: 'risk', id: riskId }, { status: 'open' }, { status: 'occurred', issueId, flaggedAt: isoAt(flaggedAtMs), occurredAt: isoAt(atMs), title });
    return issueId;
  }
  issue(atMs: number, title: string, by: Person = PEOPLE.lead): string {
    const id = this.nextId('issue');
    this.push(atMs, by, 'issue.created', { type: 'issue', id }, null, { type: 'issue', title, description: '', visibility: this.visibility, owner: by.label, ownerUserId: by.id });
    return id;
  }
  dependency(atMs: number, title: string, neededFrom: 'client' | 'third_party' | 'provider', neededBy: string): string {
    const id = this.nextId('dependency');
    this.push(atMs, PEOPLE.lead, 'dependency.created', { type: 'dependency', id }, null, { type: 'dependency', title, description: '', neededFrom, neededBy, visibility: this.visibility, owner: PEOPLE.stakeholder.label, ownerUserId: PEOPLE.stakeholder.id });
    return id;
  }
  raidUpdated(atMs: number, type: string, id: string, title: string, status: string, by: Person = PEOPLE.stakeholder) {
    this.push(atMs, by, `${type}.updated`, { type, id }, { title, status: 'open', resolved_at: null }, { status, resolved_at: status === 'open' ? null : isoAt(atMs) });
  }

  // status updates (src/server/status/service.ts)
  statusPublished(atMs: number, dueDate: string, lateWorkingDays: number, health: string, suggestedHealth: string): string {
    const id = this.nextId('status');
    this.push(atMs, PEOPLE.lead, 'status_update.published', { type: 'status_update', id }, { status: 'draft' }, { dueDate, health, lateWorkingDays, nextStep: '', overrideSentence: null, overrode: health !== suggestedHealth, reason: '', suggestedHealth, title: `Status update of ${dateOf(atMs)}` });
    return id;
  }
  statusOverdue(atMs: number, dueDate: string) {
    this.push(atMs, PEOPLE.system, 'status_update.overdue', { type: 'status_update_due', id: `${this.id}:${dueDate}` }, null, { dueDate }, 'shared');
  }
  acknowledge(atMs: number, id: string, health: string) {
    this.push(atMs, PEOPLE.sponsor, 'status_update.acknowledged', { type: 'status_update', id }, null, { title: 'Status update', health, comment: '' });
  }

  // gate reviews (src/server/gates/service.ts): answers only in the revealed record
  gate(openMs: number, phaseName: string, answersDueOn: string): string {
    const id = this.nextId('gate');
    this.push(openMs, PEOPLE.lead, 'gate_review.opened', { type: 'gate_review', id }, null, { answersDueOn, phaseId: `phase-${phaseName}`, phaseName, questions: GATE_KEYS });
    this.push(openMs, PEOPLE.lead, 'gate_review.submitted', { type: 'gate_review', id }, null, { answered: 6, hash: 'h', of: 6, side: 'provider' });
    return id;
  }
  /** The client submits; both sides' answers are revealed in the same instant. */
  gateAnswered(clientAtMs: number, id: string, clientScores: number[], providerScores: number[]) {
    this.push(clientAtMs, PEOPLE.sponsor, 'gate_review.submitted', { type: 'gate_review', id }, null, { answered: 6, hash: 'h', of: 6, side: 'client' });
    const ans = (scores: number[]) => ({ answers: GATE_KEYS.map((question, i) => ({ question, score: scores[i % scores.length]!, comment: '' })), hash: 'h', nonce: 'n' });
    this.push(clientAtMs, PEOPLE.system, 'gate_review.revealed', { type: 'gate_review', id }, null, { client: ans(clientScores), provider: ans(providerScores) });
  }

  // recommendations (src/server/recommendations/service.ts)
  recommendation(atMs: number, kind: 'do' | 'dont' | 'defer' | 'alternative', title: string, avoidedHours = 0): string {
    const id = this.nextId('rec');
    this.push(atMs, PEOPLE.lead, 'recommendation.created', { type: 'recommendation', id }, null, {
      avoidedHours: avoidedHours || null,
      avoidedMoney: avoidedHours ? avoidedHours * 105 : null,
      benefit: 'simulated benefit',
      costHours: kind === 'do' ? 20 : 0,
      costMoney: kind === 'do' ? 2100 : 0,
      deferredUntil: null,
      effort: 'small',
      kind,
      outcomeId: null,
      reason: '',
      recommendation: `We recommend ${title}, because it serves the outcome.`,
      replacesCost: null,
      riskOfNotActing: '',
      status: 'proposed',
      title,
      version: 1,
      visibility: this.visibility,
    });
    return id;
  }
  respond(atMs: number, id: string, kind: string, title: string, response: 'accepted' | 'declined' | 'deferred') {
    this.push(atMs, PEOPLE.sponsor, `recommendation.${response}`, { type: 'recommendation', id }, { status: 'proposed', version: 1 }, { createdItemIds: [], droppedItemIds: [], figures: { kind }, kind, phaseId: null, reason: '', status: response, title, until: null, version: 2 });
  }

  // failure reports (src/server/failures/service.ts)
  failurePublished(atMs: number, title: string, source: { type: 'raid_item' | 'commitment'; id: string; title: string } | null): string {
    const id = this.nextId('failure');
    this.push(atMs, PEOPLE.lead, 'failure_report.published', { type: 'failure_report', id }, { status: 'draft' }, { title, whatHappened: '', cause: '', clientImpact: '', changes: '', timeline: [], followUps: [], followUpCommitmentIds: [], source: source ? { ...source, kind: 'issue' } : null, status: 'published', visibility: 'shared' }, 'shared');
    return id;
  }

  // escalations (src/server/governance/escalations.ts)
  escalation(atMs: number, title: string, by: Person = PEOPLE.sponsor): string {
    const id = this.nextId('escalation');
    this.push(atMs, by, 'escalation.raised', { type: 'escalation', id }, null, { subjectType: null, subjectId: null, title, level: 1, person: PEOPLE.lead.label });
    return id;
  }
  escalationAnswered(atMs: number, id: string, title: string, kind: 'acknowledged' | 'resolved' = 'acknowledged') {
    this.push(atMs, PEOPLE.lead, `escalation.${kind}`, { type: 'escalation', id }, { status: 'open', level: 1 }, { status: kind, level: 1, note: '', title });
  }

  // time entries (src/server/delivery/time.ts)
  timeEntry(atMs: number, dateWorked: string, minutes = 120): string {
    const id = this.nextId('time');
    this.push(atMs, PEOPLE.member, 'time_entry.created', { type: 'time_entry', id }, null, { userId: PEOPLE.member.id, dateWorked, minutes, workItemId: null, note: '', billable: true, visibility: this.visibility });
    return id;
  }

  // noise the index does not read
  comment(atMs: number, subjectTitle: string) {
    const id = this.nextId('comment');
    this.push(atMs, PEOPLE.stakeholder, 'comment.created', { type: 'comment', id }, null, { body: 'Noted.', mentions: [], subjectId: 'x', subjectTitle, subjectType: 'work_item', visibility: this.visibility });
  }
}

const GATE_KEYS = ['business_understanding', 'collaboration_clarity', 'risk_openness', 'outcomes_focus', 'proactive_communication', 'beyond_scope'];

// ── profiles ─────────────────────────────────────────────────────────────

export interface Profile {
  name: string;
  /** When a provider commitment will slip: renegotiate that many days ahead (> 0), or miss silently (null). */
  renegotiateDaysAhead: number | null;
  /** Share of provider commitments that slip. */
  slipShare: number;
  /** Issues: flagged as risks this many days ahead, or null for surprises (unflagged issues). */
  flagDaysAhead: number | null;
  /** Days after the due date the client decides (0: on time). */
  clientDecisionDelay: number;
  /** Recommendations against the provider's own revenue, or only ever more work. */
  recommendsAgainst: boolean;
  /** Working days the team takes to log time. */
  timeLoggingDelay: number;
}

export const BASE: Profile = { name: 'base', renegotiateDaysAhead: 10, slipShare: 0.3, flagDaysAhead: 10, clientDecisionDelay: 0, recommendsAgainst: true, timeLoggingDelay: 1 };

export const PROFILES: Record<string, Profile> = {
  'early renegotiator': { ...BASE, name: 'early renegotiator', renegotiateDaysAhead: 10 },
  'silent misser': { ...BASE, name: 'silent misser', renegotiateDaysAhead: null },
  'early risk flagger': { ...BASE, name: 'early risk flagger', flagDaysAhead: 14 },
  surpriser: { ...BASE, name: 'surpriser', flagDaysAhead: null },
  'late-deciding client': { ...BASE, name: 'late-deciding client', clientDecisionDelay: 9 },
  'honest recommender': { ...BASE, name: 'honest recommender', recommendsAgainst: true },
  'never against': { ...BASE, name: 'never against', recommendsAgainst: false },
};

const ymd = (ms: number) => dateOf(ms);
const at = (day0: number, day: number, hour = 10) => day0 + day * DAY + hour * 3_600_000;

/** Events to run in time order (a binary heap on time, then insertion order). */
class Agenda {
  private heap: { ms: number; n: number; run: () => void }[] = [];
  private n = 0;
  add(ms: number, run: () => void) {
    const h = this.heap;
    h.push({ ms, n: this.n++, run });
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.less(h[p]!, h[i]!)) break;
      [h[p], h[i]] = [h[i]!, h[p]!];
      i = p;
    }
  }
  private less(a: { ms: number; n: number }, b: { ms: number; n: number }) {
    return a.ms < b.ms || (a.ms === b.ms && a.n < b.n);
  }
  /** Runs everything (events may add events). */
  drain() {
    const h = this.heap;
    while (h.length) {
      const top = h[0]!;
      const last = h.pop()!;
      if (h.length) {
        h[0] = last;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
          if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
          if (m === i) break;
          [h[m], h[i]] = [h[i]!, h[m]!];
          i = m;
        }
      }
      top.run();
    }
  }
}

/**
 * Months of an engagement under a profile. Every week: provider and client
 * commitments, a client and a provider decision, a status update (at risk
 * every fourth), time entries every working day; every fortnight a problem
 * (flagged as a risk ahead, or not) and a client dependency; monthly a
 * recommendation, a gate review and every other month an escalation.
 * `timePerDay` scales the time entries and `noise` adds records the index
 * does not read (the bench's 1M events).
 */
export function generate(profile: Profile, options: { seed?: number; months?: number; start?: string; timePerDay?: number; noise?: number } = {}): TrustRecord[] {
  const rand = rng(options.seed ?? 1);
  const sim = new SimEngagement();
  const day0 = Date.parse(`${options.start ?? '2026-01-05'}T00:00:00Z`); // a Monday
  const days = Math.round((options.months ?? 6) * 30.4);
  const agenda = new Agenda();
  const on = (ms: number, run: () => void) => agenda.add(ms, () => run());
  on(at(day0, 0, 8), () => sim.start(at(day0, 0, 8)));
  let k = 0;
  for (let d = 0; d < days; d++) {
    const dayStart = at(day0, d, 0);
    const weekday = new Date(dayStart).getUTCDay();
    const working = weekday >= 1 && weekday <= 5;
    if (working) {
      for (let t = 0; t < (options.timePerDay ?? 2); t++) {
        const worked = ymd(dayStart);
        const delay = profile.timeLoggingDelay + (rand() < 0.1 ? 2 : 0);
        let logged = dayStart;
        for (let w = 0; w < delay; ) {
          logged += DAY;
          const wd = new Date(logged).getUTCDay();
          if (wd >= 1 && wd <= 5) w++;
        }
        const when = logged + 17 * 3_600_000 + t * 1000;
        on(when, () => sim.timeEntry(when, worked));
      }
      for (let c = 0; c < (options.noise ?? 0); c++) on(at(day0, d, 11) + c * 1000, () => sim.comment(at(day0, d, 11) + c * 1000, 'noise'));
    }
    if (weekday === 1) {
      k++;
      const kk = k;
      const slips = rand() < profile.slipShare;
      on(at(day0, d, 9), () => {
        const due = ymd(at(day0, d + 14));
        const title = `Deliverable ${kk}`;
        const id = sim.commitment(at(day0, d, 9), 'provider', title, due);
        if (slips) {
          if (profile.renegotiateDaysAhead !== null) {
            const newDue = ymd(at(day0, d + 21));
            const when = at(day0, Math.max(d + 1, d + 14 - profile.renegotiateDaysAhead), 11);
            on(when, () => sim.renegotiate(when, id, title, due, newDue));
            on(at(day0, d + 20, 15), () => sim.keep(at(day0, d + 20, 15), id, title, newDue));
          } else on(at(day0, d + 15, 0), () => sim.autoMiss(id, title, due));
        } else on(at(day0, d + 12, 15), () => sim.keep(at(day0, d + 12, 15), id, title, due));
        const cdue = ymd(at(day0, d + 10));
        const cid = sim.commitment(at(day0, d, 9), 'client', `Client input ${kk}`, cdue);
        on(at(day0, d + 9, 14), () => sim.keep(at(day0, d + 9, 14), cid, `Client input ${kk}`, cdue));
      });
      on(at(day0, d, 10), () => {
        const ddue = ymd(at(day0, d + 5));
        const did = sim.decisionRequested(at(day0, d, 10), `Decision ${kk}`, PEOPLE.sponsor, ddue);
        const dday = at(day0, d + 4 + profile.clientDecisionDelay, 16);
        on(dday, () => sim.decide(dday, did, `Decision ${kk}`, ddue, PEOPLE.sponsor));
        const pdue = ymd(at(day0, d + 3));
        const pid = sim.decisionRequested(at(day0, d, 10), `Technical decision ${kk}`, PEOPLE.lead, pdue);
        on(at(day0, d + 2, 16), () => sim.decide(at(day0, d + 2, 16), pid, `Technical decision ${kk}`, pdue, PEOPLE.lead));
      });
    }
    if (weekday === 5) {
      const atRisk = k % 4 === 0;
      on(at(day0, d, 15), () => {
        const sid = sim.statusPublished(at(day0, d, 15), ymd(dayStart), 0, atRisk ? 'at_risk' : 'on_track', atRisk ? 'at_risk' : 'on_track');
        if (atRisk) on(at(day0, d + 3, 9), () => sim.acknowledge(at(day0, d + 3, 9), sid, 'at_risk'));
      });
    }
    if (weekday === 3 && k % 2 === 0) {
      const occurMs = at(day0, d + 12, 11);
      const title = `Problem ${k}`;
      if (profile.flagDaysAhead !== null) {
        const flagMs = at(day0, d + 12 - profile.flagDaysAhead, 11);
        on(flagMs, () => {
          const rid = sim.risk(flagMs, title);
          on(occurMs, () => sim.riskOccurred(occurMs, rid, title, flagMs));
        });
      } else {
        const by = rand() < 0.5 ? PEOPLE.stakeholder : PEOPLE.lead;
        on(occurMs, () => sim.issue(occurMs, title, by));
      }
      const depBy = ymd(at(day0, d + 12));
      const depTitle = `Access ${k}`;
      on(at(day0, d, 12), () => {
        const depId = sim.dependency(at(day0, d, 12), depTitle, 'client', depBy);
        on(at(day0, d + 11, 12), () => sim.raidUpdated(at(day0, d + 11, 12), 'dependency', depId, depTitle, 'delivered'));
      });
    }
    if (d % 30 === 20) {
      const m = Math.floor(d / 30);
      const against = profile.recommendsAgainst && m % 2 === 0;
      const kind = against ? (m % 4 === 0 ? 'dont' : 'alternative') : 'do';
      const title = `Recommendation ${m}`;
      const response = rand() < 0.7 ? 'accepted' : 'declined';
      on(at(day0, d, 14), () => {
        const rid = sim.recommendation(at(day0, d, 14), kind, title, against ? 24 : 0);
        on(at(day0, d + 5, 10), () => sim.respond(at(day0, d + 5, 10), rid, kind, title, response));
      });
      on(at(day0, d, 9), () => {
        const gid = sim.gate(at(day0, d, 9), `Phase ${m}`, ymd(at(day0, d + 5)));
        on(at(day0, d + 4, 12), () => sim.gateAnswered(at(day0, d + 4, 12), gid, [4, 4, 3, 4, 3 + (m % 2), 4], [4, 4, 4, 5, 4, 3]));
      });
      if (m % 2 === 1) {
        on(at(day0, d, 13), () => {
          const eid = sim.escalation(at(day0, d, 13), `Escalation ${m}`);
          on(at(day0, d, 19), () => sim.escalationAnswered(at(day0, d, 19), eid, `Escalation ${m}`));
        });
      }
    }
  }
  agenda.drain();
  return sim.records;
}
