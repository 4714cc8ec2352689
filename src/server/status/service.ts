import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { AcknowledgeBody, CreateStatusUpdateBody, DraftLine, Figures, UpdateStatusUpdateBody } from '../../contracts/status';
import { linkFor } from '../../domain/audit/sentence';
import { localDate, type WorkCalendar, workingDeadline, endOfLocalDay } from '../../domain/calendar/working-days';
import { trustPanel } from '../trust/service';
import { isDecisionOverdue } from '../../domain/governance/decisions';
import { CLOSED_STATUSES } from '../../domain/governance/raid';
import type { Level } from '../../domain/governance/escalation';
import { type Cadence, lateWorkingDays, nextDueDate } from '../../domain/status/due';
import { type Health, healthLabel, healthProblem, overrideSentence, type Suggestion, suggestHealth } from '../../domain/status/health';
import { appendAudit } from '../audit/append';
import { accessFor, type EngagementAccess } from '../authz/access';
import { scoped, unscoped } from '../authz/scoped';
import { agreedCharterBody } from '../charter/service';
import type { DB, StatusUpdatesTable } from '../db/schema';
import { refOf, refOrNull, userRefs } from '../db/users';
import { getBudget } from '../delivery/budget';
import { settingsOf } from '../delivery/common';
import { forecastJson } from '../forecast/service';
import { raiseByCandor } from '../governance/escalations';
import type { Actor, Deps } from '../http/context';
import { conflict, invalid, notFound } from '../http/errors';
import { newId } from '../ids';
import { enqueue, type JobHandlers } from '../jobs/queue';
import { notify } from '../notify/notify';

type Db = Kysely<DB> | Transaction<DB>;
type Create = z.infer<typeof CreateStatusUpdateBody>;
type Patch = z.infer<typeof UpdateStatusUpdateBody>;

/** Who acts when Candor itself does something (jobs): reads only what a client may read. */
const CANDOR: Actor = { userId: 'candor', email: '', name: 'Candor', isAdmin: false, orgId: null, via: 'session' };
/** The client's view of an engagement, for the figures both sides read (same actor, client visibilities). */
const clientView = (access: EngagementAccess) => accessFor(access.actor, access.engagementId, 'sponsor', 'status.read');

const pageOf = (engagementId: string, id: string) => `/engagements/${engagementId}/status-updates/${id}`;
const listPage = (engagementId: string) => `/engagements/${engagementId}/status-updates`;
const CLIENT_ROLES = ['sponsor', 'stakeholder'] as const;

// ── The schedule ────────────────────────────────────────────────────────────

interface Schedule {
  cadence: Cadence;
  cal: WorkCalendar;
  anchor: string;
  label: string;
}

const WEEKDAY_NAMES: Record<string, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };

/** The cadence of the agreed charter, counted from the day it was first agreed (local date); null without one. */
async function scheduleOf(db: Kysely<DB>, access: EngagementAccess): Promise<Schedule | null> {
  const charter = await agreedCharterBody(db, access);
  if (!charter) return null;
  const first = await scoped(db, access, 'charter_versions').select('agreed_at').where('agreed_at', 'is not', null).orderBy('agreed_at').limit(1).executeTakeFirst();
  const c = charter.cadence;
  const cal = { timeZone: c.timeZone, holidays: c.holidays };
  if (!first?.agreed_at) return null;
  const anchor = localDate(new Date(first.agreed_at), c.timeZone);
  return { cadence: { every: c.statusUpdateEvery, weekday: c.statusUpdateWeekday }, cal, anchor, label: `${c.statusUpdateEvery} on ${WEEKDAY_NAMES[c.statusUpdateWeekday]}` };
}

async function lastPublished(db: Db, access: EngagementAccess) {
  return scoped(db, access, 'status_updates').selectAll().where('status', '=', 'published').orderBy('published_at', 'desc').limit(1).executeTakeFirst();
}

/**
 * The due date the next update answers: the latest due date that has passed
 * since the last answered one (an update after a skipped week answers the
 * latest; the skipped one stays in the lateness record), else the next one.
 */
async function nextDue(db: Db, access: EngagementAccess, s: Schedule | null, now: Date) {
  if (!s) return null;
  const last = await lastPublished(db, access);
  const today = localDate(now, s.cal.timeZone);
  let due = nextDueDate(s.anchor, s.cadence, s.cal, last?.due_date ?? null);
  for (let next = nextDueDate(s.anchor, s.cadence, s.cal, due); next <= today; next = nextDueDate(s.anchor, s.cadence, s.cal, next)) due = next;
  return due;
}

// ── The draft: assembled from what happened since the last update ──────────

interface Assembly {
  periodStart: string;
  periodEnd: string;
  lines: DraftLine[];
  time: Figures['time'];
  forecast: Figures['forecast'];
  suggestion: Suggestion;
}

const shortDate = (iso: string) => iso.slice(0, 10);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

async function periodStartOf(db: Db, access: EngagementAccess) {
  const last = await lastPublished(db, access);
  if (last?.published_at) return { start: last.published_at, previous: last };
  const e = await scoped(db, access, 'engagements').select('created_at').executeTakeFirst();
  return { start: e?.created_at ?? '1970-01-01T00:00:00.000Z', previous: undefined };
}

/**
 * Everything the period holds, as lines linked to their objects, each with
 * the visibility of its object. The reader's access decides what is read
 * (scoped); the figures that go into the text (time, burn, forecast) and the
 * suggested health are always the client's view, so the text both sides read
 * never rests on internal work.
 */
async function assemble(deps: Deps, access: EngagementAccess): Promise<Assembly> {
  const db = deps.db;
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const { start, previous } = await periodStartOf(db, access);
  const startDate = shortDate(start);
  const E = access.engagementId;
  const lines: DraftLine[] = [];
  const line = (section: DraftLine['section'], text: string, object: { type: string; id: string } | null, visibility: 'shared' | 'internal') =>
    lines.push({ section, text, object, visibility, link: object ? linkFor(E, object, null) : null });

  // Items done and started, by outcome
  const [items, outcomes] = await Promise.all([
    scoped(db, access, 'work_items')
      .select(['id', 'title', 'status', 'outcome_id', 'visibility', 'started_at', 'done_at'])
      .where((eb) => eb.or([eb('done_at', '>=', start), eb('started_at', '>=', start)]))
      .orderBy('title')
      .execute(),
    scoped(db, access, 'outcomes').select(['id', 'title']).execute(),
  ]);
  const outcomeName = new Map(outcomes.map((o) => [o.id, o.title]));
  for (const i of items) {
    const by = i.outcome_id && outcomeName.has(i.outcome_id) ? ` (outcome: ${outcomeName.get(i.outcome_id)})` : ' (no outcome)';
    if (i.done_at && i.done_at >= start && i.status === 'done') line('delivery', `Done: ${i.title}${by}`, { type: 'work_item', id: i.id }, i.visibility);
    else if (i.started_at && i.started_at >= start) line('delivery', `Started: ${i.title}${by}`, { type: 'work_item', id: i.id }, i.visibility);
  }

  // Time against the budget (the client's view of time: shared entries only)
  const client = clientView(access);
  let time: Figures['time'] = null;
  try {
    const [budget, settings, periodRows, internalRows] = await Promise.all([
      getBudget(deps, client),
      settingsOf(deps, client),
      scoped(db, client, 'time_day_rollups').select(['minutes']).where('date_worked', '>=', startDate).execute(),
      access.canSeeInternal ? scoped(db, access, 'time_day_rollups', { visibility: 'internal' }).select(['minutes']).where('date_worked', '>=', startDate).execute() : Promise.resolve([]),
    ]);
    const periodHours = Math.round((periodRows.reduce((s, r) => s + Number(r.minutes), 0) / 60) * 10) / 10;
    const percentSpent = budget.burn.percentSpentHours ?? budget.burn.percentSpentAmount;
    const percentElapsed = budget.burn.percentElapsed;
    const burnAheadPoints = percentSpent != null && percentElapsed != null ? Math.round((percentSpent - percentElapsed) * 10) / 10 : null;
    time = { periodHours, spentHours: budget.burn.spentHours, budgetHours: settings.budget_hours, percentSpent, percentElapsed, burnAheadPoints };
    const budgetText = settings.budget_hours ? ` of ${settings.budget_hours} budgeted` : '';
    const burnText = percentSpent != null && percentElapsed != null ? `; ${percentSpent} % of the budget spent with ${percentElapsed} % of the time elapsed` : '';
    line('time', `Time: ${periodHours} h logged this period, ${budget.burn.spentHours} h in total${budgetText}${burnText}`, { type: 'delivery_settings', id: E }, 'shared');
    const internalMinutes = internalRows.reduce((s, r) => s + Number(r.minutes), 0);
    if (internalMinutes > 0) line('time', `Internal time this period (not billed, not shown to the client): ${Math.round((internalMinutes / 60) * 10) / 10} h`, { type: 'time_entry', id: E }, 'internal');
  } catch {
    time = null; // no delivery settings yet: no time figures
  }

  // Commitments that came due: kept, renegotiated (how early), missed
  const commitments = await scoped(db, access, 'commitments')
    .select(['id', 'title', 'status', 'due_date', 'kept_at', 'missed_at', 'visibility', 'side'])
    .where((eb) => eb.or([eb('kept_at', '>=', start), eb('missed_at', '>=', start)]))
    .orderBy('due_date')
    .execute();
  const missed: { title: string; dueDate: string }[] = [];
  for (const c of commitments) {
    const who = c.side === 'provider' ? 'our' : 'the client’s';
    if (c.status === 'kept') line('commitments', `Kept: ${c.title} (${who} commitment, due ${c.due_date})`, { type: 'commitment', id: c.id }, c.visibility);
    else if (c.status === 'missed') {
      line('commitments', `Missed: ${c.title} (${who} commitment, due ${c.due_date})`, { type: 'commitment', id: c.id }, c.visibility);
      if (c.visibility === 'shared') missed.push({ title: c.title, dueDate: c.due_date });
    }
  }
  const renegotiated = await scoped(db, access, 'commitment_events as ev')
    .innerJoin('commitments as c', 'c.id', 'ev.commitment_id')
    .select(['c.id', 'c.title', 'c.visibility', 'ev.data'])
    .where('ev.kind', '=', 'renegotiated')
    .where('ev.at', '>=', start)
    .orderBy('ev.at')
    .execute();
  for (const r of renegotiated) {
    const d = JSON.parse(r.data) as { from?: string; to?: string; daysInAdvance?: number; reason?: string };
    const adv = d.daysInAdvance ?? 0;
    const when = adv > 0 ? `${plural(adv, 'day')} before it was due` : adv === 0 ? 'on the day it was due' : `${plural(-adv, 'day')} after it was due`;
    line('commitments', `Renegotiated: ${r.title}, from ${d.from} to ${d.to}, ${when}${d.reason ? ` (${d.reason})` : ''}`, { type: 'commitment', id: r.id }, r.visibility);
  }

  // New and changed risks; issues that occurred, and whether they had been flagged
  const raid = await scoped(db, access, 'raid_items')
    .select(['id', 'type', 'title', 'status', 'probability', 'impact', 'visibility', 'created_at', 'updated_at', 'occurred_at', 'risk_id', 'needed_from', 'needed_by'])
    .execute();
  const riskById = new Map(raid.filter((r) => r.type === 'risk').map((r) => [r.id, r]));
  for (const r of raid) {
    if (r.type === 'risk' && r.created_at >= start) line('risks', `New risk: ${r.title}${r.probability && r.impact ? ` (probability ${r.probability}, impact ${r.impact})` : ''}`, { type: 'risk', id: r.id }, r.visibility);
    else if (r.type === 'risk' && r.updated_at >= start) line('risks', `Changed risk: ${r.title} (now ${r.status})`, { type: 'risk', id: r.id }, r.visibility);
    else if (r.type === 'issue' && (r.occurred_at ?? r.created_at) >= start) {
      const risk = r.risk_id ? riskById.get(r.risk_id) : undefined;
      const flagged = r.risk_id ? `flagged beforehand${risk ? ` as the risk "${risk.title}"` : ' as a risk'}` : 'not flagged beforehand';
      line('risks', `Issue occurred: ${r.title} (${flagged})`, { type: 'issue', id: r.id }, r.visibility);
    }
  }

  // Waiting: decisions for the client, dependencies the provider waits for
  const decisions = await scoped(db, access, 'decisions').select(['id', 'title', 'due_date', 'status', 'decider_side', 'visibility']).where('status', '=', 'proposed').orderBy('due_date').execute();
  const overdueClientDecisions: { title: string; dueDate: string }[] = [];
  for (const d of decisions) {
    if (d.decider_side !== 'client') continue;
    const overdue = isDecisionOverdue({ status: d.status, dueDate: d.due_date }, now);
    line('waiting', `Decision waiting for the client: ${d.title}, due ${d.due_date}${overdue ? ' (overdue)' : ''}`, { type: 'decision', id: d.id }, d.visibility);
    if (overdue && d.visibility === 'shared') overdueClientDecisions.push({ title: d.title, dueDate: d.due_date });
  }
  for (const r of raid) {
    if (r.type !== 'dependency' || CLOSED_STATUSES.has(r.status) || r.needed_from === 'provider') continue;
    line('waiting', `Waiting for ${r.needed_from === 'third_party' ? 'a third party' : 'the client'}: ${r.title}${r.needed_by ? `, needed by ${r.needed_by}` : ''}`, { type: 'dependency', id: r.id }, r.visibility);
  }

  // The forecast (the client's view) and how it moved since the last update
  let forecast: Figures['forecast'] = null;
  try {
    const f = JSON.parse(await forecastJson(deps, client, { seed: 1, trials: 10_000 })) as {
      completion: { kind: string; p50?: string; p85?: string; reason?: string };
      scope: { plannedEnd: string | null };
      explanation: { summary: string };
    };
    const prevFigures = previous ? (JSON.parse(previous.figures) as Figures) : null;
    forecast = {
      p50: f.completion.p50 ?? null,
      p85: f.completion.p85 ?? null,
      plannedEnd: f.scope.plannedEnd,
      previousP85: prevFigures?.forecast?.p85 ?? null,
      summary: f.completion.kind === 'forecast' ? f.explanation.summary : (f.completion.reason ?? f.explanation.summary),
    };
    const moved = forecast.previousP85 && forecast.p85 ? (forecast.p85 === forecast.previousP85 ? `, unchanged since the last update` : `, was ${forecast.previousP85} at the last update`) : '';
    const text = forecast.p85
      ? `Forecast: 85 % likely done by ${forecast.p85}${moved}${forecast.plannedEnd ? ` (planned end ${forecast.plannedEnd})` : ''}. ${forecast.summary}`
      : `Forecast: no completion date yet. ${forecast.summary}`;
    line('forecast', text, { type: 'forecast', id: E }, 'shared');
  } catch {
    forecast = null;
  }

  // Governance of the period: gate reviews, recommendations, escalations
  const [reviews, phases, recommendations, escalations] = await Promise.all([
    scoped(db, access, 'gate_reviews').select(['id', 'phase_id', 'status', 'decision', 'opened_at', 'decided_at']).where((eb) => eb.or([eb('opened_at', '>=', start), eb('decided_at', '>=', start)])).execute(),
    scoped(db, access, 'phases').select(['id', 'name']).execute(),
    scoped(db, access, 'recommendations').select(['id', 'title', 'status', 'visibility', 'created_at', 'responded_at']).where((eb) => eb.or([eb('created_at', '>=', start), eb('responded_at', '>=', start)])).execute(),
    scoped(db, access, 'escalations').select(['id', 'title', 'status', 'level', 'visibility']).where('updated_at', '>=', start).execute(),
  ]);
  const phaseName = new Map(phases.map((p) => [p.id, p.name]));
  for (const g of reviews) {
    const what = g.decided_at && g.decided_at >= start && g.decision ? `decided: ${g.decision.replace(/_/g, ' ')}` : `opened (${g.status.replace(/_/g, ' ')})`;
    line('governance', `Gate review of ${phaseName.get(g.phase_id) ?? 'a phase'} ${what}`, { type: 'gate_review', id: g.id }, 'shared');
  }
  for (const r of recommendations) {
    const what = r.responded_at && r.responded_at >= start ? `answered: ${r.status.replace(/_/g, ' ')}` : 'proposed';
    line('governance', `Recommendation ${what}: ${r.title}`, { type: 'recommendation', id: r.id }, r.visibility);
  }
  for (const e of escalations) line('governance', `Escalation: ${e.title} (${e.status}, level ${e.level})`, { type: 'escalation', id: e.id }, e.visibility);

  const plannedEnd = forecast?.plannedEnd ?? null;
  const suggestion = suggestHealth({
    plannedEnd,
    forecastP50: forecast?.p50 ?? null,
    forecastP85: forecast?.p85 ?? null,
    percentSpent: time?.percentSpent ?? null,
    percentElapsed: time?.percentElapsed ?? null,
    missedCommitments: missed,
    overdueClientDecisions,
  });
  return { periodStart: start, periodEnd: nowIso, lines, time, forecast, suggestion };
}

const SECTION_TITLES: Record<DraftLine['section'], string> = {
  delivery: 'Delivered and started',
  time: 'Time and budget',
  commitments: 'Commitments that came due',
  risks: 'Risks and issues',
  waiting: 'Waiting on',
  forecast: 'Forecast',
  governance: 'Gate reviews, recommendations and escalations',
};

/** The Markdown of the shared lines, one section each, every line a link to its object. */
export function markdownOf(lines: DraftLine[]): string {
  const out: string[] = [];
  for (const section of Object.keys(SECTION_TITLES) as DraftLine['section'][]) {
    const mine = lines.filter((l) => l.section === section);
    if (mine.length === 0) continue;
    out.push(`## ${SECTION_TITLES[section]}`, '', ...mine.map((l) => (l.link ? `- [${escapeMd(l.text)}](${l.link})` : `- ${escapeMd(l.text)}`)), '');
  }
  return out.length ? out.join('\n').trim() : 'Nothing was recorded in this period.';
}
const escapeMd = (s: string) => s.replace(/([[\]])/g, '\\$1');

const figuresOf = (a: Assembly): Figures => ({ periodStart: a.periodStart, periodEnd: a.periodEnd, lines: a.lines.filter((l) => l.visibility === 'shared'), time: a.time, forecast: a.forecast });

export async function getDraft(deps: Deps, access: EngagementAccess) {
  const [a, schedule] = await Promise.all([assemble(deps, access), scheduleOf(deps.db, access)]);
  const trust = await trustPanel(deps, access, a.periodStart);
  const figures = figuresOf(a);
  const due = (await nextDue(deps.db, access, schedule, deps.clock.now())) ?? localDate(deps.clock.now(), 'UTC');
  const today = localDate(deps.clock.now(), schedule?.cal.timeZone ?? 'UTC');
  return {
    periodStart: a.periodStart,
    dueDate: due,
    overdue: due < today,
    markdown: markdownOf(figures.lines),
    figures,
    internalLines: a.lines.filter((l) => l.visibility === 'internal'),
    suggested: a.suggestion,
    trust,
  };
}

// ── Reads ───────────────────────────────────────────────────────────────────

async function loadVisible(db: Db, access: EngagementAccess, id: string, forUpdate = false) {
  let q = scoped(db, access, 'status_updates').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  const u = await q.executeTakeFirst();
  if (!u) throw notFound('Status update not found');
  return u;
}

export async function getStatusUpdate(deps: Deps, access: EngagementAccess, id: string) {
  const u = await loadVisible(deps.db, access, id);
  const responses = await scoped(deps.db, access, 'status_update_responses').selectAll().where('status_update_id', '=', u.id).orderBy('at').orderBy('id').execute();
  const users = await userRefs(deps.db, [u.created_by, u.published_by, ...responses.map((r) => r.user_id)]);
  const provider = access.canSeeInternal;
  const isClient = !provider;
  const figures = u.status === 'published' ? (JSON.parse(u.figures) as Figures) : null;
  const present = (r: (typeof responses)[number]) => ({ user: refOf(users, r.user_id), at: r.at, comment: r.comment });
  return {
    id: u.id,
    status: u.status,
    health: u.health,
    reason: u.reason,
    nextStep: u.next_step,
    markdown: u.markdown,
    internalNote: provider ? u.internal_note : null,
    periodStart: u.period_start,
    dueDate: u.due_date,
    lateWorkingDays: u.late_working_days,
    publishedAt: u.published_at,
    publishedBy: refOrNull(users, u.published_by),
    suggested: u.suggested_health ? { health: u.suggested_health, reasons: JSON.parse(u.suggested_reasons) as string[] } : null,
    overrode: u.overrode === 1,
    overrideSentence: u.override_sentence,
    figures,
    internalLines: provider && u.status === 'published' ? (JSON.parse(u.internal_figures) as DraftLine[]) : [],
    acknowledgements: responses.filter((r) => r.acknowledged === 1).map(present),
    replies: responses.filter((r) => r.comment.trim() !== '').map(present),
    acknowledgedByMe: responses.some((r) => r.acknowledged === 1 && r.user_id === access.actor.userId),
    canAcknowledge: isClient && u.status === 'published' && !responses.some((r) => r.acknowledged === 1 && r.user_id === access.actor.userId),
    canEdit: access.role === 'lead' && u.status === 'draft',
    createdBy: refOf(users, u.created_by),
    createdAt: u.created_at,
    updatedAt: u.updated_at,
  };
}

export async function listStatusUpdates(deps: Deps, access: EngagementAccess) {
  const [rows, schedule, late] = await Promise.all([
    scoped(deps.db, access, 'status_updates').selectAll().orderBy('id', 'desc').execute(),
    scheduleOf(deps.db, access),
    scoped(deps.db, access, 'status_update_lateness').select('due_date').orderBy('due_date').execute(),
  ]);
  const ids = rows.map((r) => r.id);
  const acks = ids.length
    ? await scoped(deps.db, access, 'status_update_responses').select(['status_update_id']).where('status_update_id', 'in', ids).where('acknowledged', '=', 1).execute()
    : [];
  const ackCount = new Map<string, number>();
  for (const a of acks) ackCount.set(a.status_update_id, (ackCount.get(a.status_update_id) ?? 0) + 1);
  const next = await nextDue(deps.db, access, schedule, deps.clock.now());
  const today = localDate(deps.clock.now(), schedule?.cal.timeZone ?? 'UTC');
  // drafts first, then published ones newest first
  rows.sort((a, b) => (a.status !== b.status ? (a.status === 'draft' ? -1 : 1) : (b.published_at ?? b.created_at).localeCompare(a.published_at ?? a.created_at)));
  const updates = rows.map((u) => ({
    id: u.id,
    status: u.status,
    health: u.health,
    reason: u.reason,
    dueDate: u.due_date,
    lateWorkingDays: u.late_working_days,
    publishedAt: u.published_at,
    overrode: u.overrode === 1,
    createdAt: u.created_at,
    suggestedHealth: u.suggested_health,
    acknowledged: (ackCount.get(u.id) ?? 0) > 0,
    acknowledgements: ackCount.get(u.id) ?? 0,
  }));
  return {
    updates,
    schedule: {
      cadence: schedule?.label ?? 'no agreed charter yet',
      timeZone: schedule?.cal.timeZone ?? 'UTC',
      nextDueDate: next,
      overdue: next !== null && next < today,
      lateDueDates: late.map((l) => l.due_date),
    },
    unacknowledged: updates.filter((u) => u.status === 'published' && u.health !== 'on_track' && !u.acknowledged).length,
  };
}

/** For the navigation count: published at risk / off track without a client acknowledgement, plus one when the next update is overdue. */
export async function countAttention(deps: Deps, access: EngagementAccess) {
  const l = await listStatusUpdates(deps, access);
  return l.unacknowledged + (l.schedule.overdue ? 1 : 0);
}

// ── Writes ──────────────────────────────────────────────────────────────────

/**
 * The text both sides will read must not name internal content: a title of an
 * internal item, risk, commitment, decision or note in the Markdown, reason or
 * next step is refused (it belongs in the internal note).
 */
async function checkNoInternal(db: Db, access: EngagementAccess, fields: { markdown: string; reason: string; nextStep: string }) {
  const only = { visibility: 'internal' as const };
  const titles = (
    await Promise.all([
      scoped(db, access, 'work_items', only).select('title').execute(),
      scoped(db, access, 'raid_items', only).select('title').execute(),
      scoped(db, access, 'commitments', only).select('title').execute(),
      scoped(db, access, 'decisions', only).select('title').execute(),
      scoped(db, access, 'notes', only).select('title').execute(),
      scoped(db, access, 'escalations', only).select('title').execute(),
    ])
  )
    .flat()
    .map((r) => r.title.trim())
    .filter((t) => t.length >= 6);
  for (const [field, text] of Object.entries(fields)) {
    const lower = text.toLowerCase();
    const hit = titles.find((t) => lower.includes(t.toLowerCase()));
    if (hit) throw invalid(field, `names internal content ("${hit}"): the client will read this text; put it in the internal note`);
  }
}

function checkHealth(h: { health: Health; reason: string; nextStep: string }) {
  const p = healthProblem(h);
  if (p) throw invalid(p.field, p.message);
}

export async function createStatusUpdate(deps: Deps, access: EngagementAccess, input: Create) {
  checkHealth(input);
  const id = newId();
  const schedule = await scheduleOf(deps.db, access);
  await deps.db.transaction().execute(async (trx) => {
    await checkNoInternal(trx, access, input);
    const { start } = await periodStartOf(trx, access);
    const now = deps.clock.now().toISOString();
    const row: StatusUpdatesTable = {
      id,
      engagement_id: access.engagementId,
      status: 'draft',
      visibility: 'internal',
      markdown: input.markdown,
      health: input.health,
      reason: input.reason,
      next_step: input.nextStep,
      internal_note: input.internalNote,
      period_start: start,
      due_date: null,
      late_working_days: null,
      suggested_health: null,
      suggested_reasons: '[]',
      overrode: 0,
      override_sentence: null,
      figures: '{}',
      internal_figures: '[]',
      created_by: access.actor.userId,
      published_by: null,
      published_at: null,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('status_updates').values(row).execute();
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'status_update.drafted',
      object: { type: 'status_update', id },
      visibility: 'internal',
      before: null,
      after: { health: input.health, reason: input.reason, nextStep: input.nextStep },
    });
    // the lateness check of the period this update answers (harmless when it is published in time)
    const due = await nextDue(trx, access, schedule, deps.clock.now());
    if (schedule && due) await scheduleDueCheck(trx, deps, access.engagementId, due, schedule.cal);
  });
  return getStatusUpdate(deps, access, id);
}

export async function updateStatusUpdate(deps: Deps, access: EngagementAccess, id: string, patch: Patch) {
  await deps.db.transaction().execute(async (trx) => {
    const u = await loadVisible(trx, access, id, deps.dialect === 'postgres');
    if (u.status !== 'draft') throw conflict('This status update is published: its text and figures are frozen', [{ field: 'status', message: 'is published' }]);
    const next = {
      markdown: patch.markdown ?? u.markdown,
      health: patch.health ?? u.health,
      reason: patch.reason ?? u.reason,
      nextStep: patch.nextStep ?? u.next_step,
      internalNote: patch.internalNote ?? u.internal_note,
    };
    checkHealth(next);
    await checkNoInternal(trx, access, next);
    const changes = (['markdown', 'health', 'reason', 'nextStep', 'internalNote'] as const).filter((k) => patch[k] !== undefined && patch[k] !== { markdown: u.markdown, health: u.health, reason: u.reason, nextStep: u.next_step, internalNote: u.internal_note }[k]);
    if (changes.length === 0) return;
    const now = deps.clock.now().toISOString();
    await trx
      .updateTable('status_updates')
      .set({ markdown: next.markdown, health: next.health, reason: next.reason, next_step: next.nextStep, internal_note: next.internalNote, updated_at: now })
      .where('id', '=', u.id)
      .execute();
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'status_update.edited',
      object: { type: 'status_update', id: u.id },
      visibility: 'internal',
      before: { health: u.health },
      after: { changes, health: next.health },
    });
  });
  return getStatusUpdate(deps, access, id);
}

async function clientMembers(db: Db, engagementId: string) {
  const rows = await unscoped(db, 'recipients of a status update; notify() filters them by visibility')
    .selectFrom('memberships')
    .select('user_id')
    .where('engagement_id', '=', engagementId)
    .where('role', 'in', [...CLIENT_ROLES])
    .execute();
  return rows.map((r) => r.user_id);
}

async function leads(db: Db, engagementId: string) {
  const rows = await unscoped(db, 'recipients (the provider lead); notify() filters them by visibility')
    .selectFrom('memberships')
    .select('user_id')
    .where('engagement_id', '=', engagementId)
    .where('role', '=', 'lead')
    .execute();
  return rows.map((r) => r.user_id);
}

/**
 * Publishing freezes the text and its figures (the shared assembly, now), the
 * suggested health with its reasons, whether the lead's health overrode it,
 * and the lateness against the due date in working days; it notifies the
 * client roles and schedules the acknowledgement check of an update at risk.
 */
export async function publishStatusUpdate(deps: Deps, access: EngagementAccess, id: string) {
  const [a, schedule] = await Promise.all([assemble(deps, access), scheduleOf(deps.db, access)]);
  await deps.db.transaction().execute(async (trx) => {
    const u = await loadVisible(trx, access, id, deps.dialect === 'postgres');
    if (u.status !== 'draft') throw conflict('This status update is already published', [{ field: 'status', message: 'is already published' }]);
    checkHealth({ health: u.health, reason: u.reason, nextStep: u.next_step });
    await checkNoInternal(trx, access, { markdown: u.markdown, reason: u.reason, nextStep: u.next_step });
    const now = deps.clock.now();
    const at = now.toISOString();
    const cal = schedule?.cal ?? { timeZone: 'UTC', holidays: [] };
    const due = (await nextDue(trx, access, schedule, deps.clock.now())) ?? localDate(now, cal.timeZone);
    const late = lateWorkingDays(due, localDate(now, cal.timeZone), cal);
    const sentence = overrideSentence(u.health, a.suggestion);
    const figures = figuresOf(a);
    const previous = await lastPublished(trx, access);
    const res = await trx
      .updateTable('status_updates')
      .set({
        status: 'published',
        visibility: 'shared',
        period_start: previous?.published_at ?? a.periodStart,
        due_date: due,
        late_working_days: late,
        suggested_health: a.suggestion.health,
        suggested_reasons: JSON.stringify(a.suggestion.reasons),
        overrode: sentence ? 1 : 0,
        override_sentence: sentence,
        figures: JSON.stringify(figures),
        internal_figures: JSON.stringify(a.lines.filter((l) => l.visibility === 'internal')),
        published_by: access.actor.userId,
        published_at: at,
        updated_at: at,
      })
      .where('id', '=', u.id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict('This status update is already published', [{ field: 'status', message: 'is already published' }]);
    const title = `Status update of ${localDate(now, cal.timeZone)}`;
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'status_update.published',
      object: { type: 'status_update', id: u.id },
      visibility: 'shared',
      before: { status: 'draft' },
      after: { title, health: u.health, reason: u.reason, nextStep: u.next_step, dueDate: due, lateWorkingDays: late, suggestedHealth: a.suggestion.health, overrode: !!sentence, overrideSentence: sentence },
    });
    const lateText = late > 0 ? ` It was due ${due}: ${plural(late, 'working day')} late.` : '';
    const why = u.health !== 'on_track' ? ` Reason: ${u.reason} Next step: ${u.next_step}` : '';
    await notify(trx, deps, {
      engagementId: access.engagementId,
      visibility: 'shared',
      userIds: await clientMembers(trx, access.engagementId),
      kind: 'status_update.published',
      title: `Status update: ${healthLabel(u.health)}`,
      body: `${access.actor.name} published the status update: ${healthLabel(u.health)}.${why}${sentence ? ` ${sentence}` : ''}${lateText} Please acknowledge that you read it.`,
      link: pageOf(access.engagementId, u.id),
    });
    if (schedule) {
      await scheduleDueCheck(trx, deps, access.engagementId, nextDueDate(schedule.anchor, schedule.cadence, schedule.cal, due), schedule.cal);
      if (u.health !== 'on_track') {
        await enqueue(trx, deps, ACK_JOB, { updateId: u.id, stage: 1 }, { runAt: workingDeadline(now, 2, schedule.cal), uniqueKey: `status_update:${u.id}:ack:1` });
      }
    }
  });
  return getStatusUpdate(deps, access, id);
}

/** A client role acknowledges ("read, understood"), or replies with a comment, or both. */
export async function acknowledgeStatusUpdate(deps: Deps, access: EngagementAccess, id: string, input: z.infer<typeof AcknowledgeBody>) {
  if (!input.acknowledge && !input.comment.trim()) throw invalid('comment', 'is required for a reply without an acknowledgement');
  await deps.db.transaction().execute(async (trx) => {
    const u = await loadVisible(trx, access, id, deps.dialect === 'postgres');
    if (u.status !== 'published') throw conflict('Only a published status update can be acknowledged', [{ field: 'status', message: 'is a draft' }]);
    if (input.acknowledge) {
      const mine = await scoped(trx, access, 'status_update_responses').select('id').where('status_update_id', '=', u.id).where('user_id', '=', access.actor.userId).where('acknowledged', '=', 1).executeTakeFirst();
      if (mine) throw conflict('You already acknowledged this status update', [{ field: 'acknowledge', message: 'already acknowledged by you' }]);
    }
    const at = deps.clock.now().toISOString();
    await trx.insertInto('status_update_responses').values({ id: newId(), status_update_id: u.id, user_id: access.actor.userId, acknowledged: input.acknowledge ? 1 : 0, comment: input.comment, at }).execute();
    const title = `Status update of ${(u.published_at ?? at).slice(0, 10)}`;
    const action = input.acknowledge ? 'status_update.acknowledged' : 'status_update.replied';
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action,
      object: { type: 'status_update', id: u.id },
      visibility: 'shared',
      before: null,
      after: { title, health: u.health, comment: input.comment },
    });
    await notify(trx, deps, {
      engagementId: access.engagementId,
      visibility: 'shared',
      userIds: [u.published_by, ...(await leads(trx, access.engagementId))],
      kind: action,
      title: input.acknowledge ? `${access.actor.name} acknowledged the status update` : `${access.actor.name} replied to the status update`,
      body: `${access.actor.name} ${input.acknowledge ? 'read and understood' : 'replied to'} the status update (${healthLabel(u.health)}).${input.comment ? ` “${input.comment}”` : ''}`,
      link: pageOf(access.engagementId, u.id),
    });
  });
  return getStatusUpdate(deps, access, id);
}

// ── Jobs ────────────────────────────────────────────────────────────────────

const DUE_JOB = 'status_update.due';
const ACK_JOB = 'status_update.ack_check';

/**
 * Starts the due-date checks when a charter becomes agreed (its cadence may
 * be new or changed), so an engagement that never drafts an update is still
 * reminded; in the agreeing transaction. Unique keys make it harmless when a
 * check for that date is already scheduled.
 */
export async function scheduleStatusDueChecks(trx: Transaction<DB>, deps: Pick<Deps, 'clock'>, access: EngagementAccess): Promise<void> {
  const schedule = await scheduleOf(trx as unknown as Kysely<DB>, access);
  const due = await nextDue(trx, access, schedule, deps.clock.now());
  if (schedule && due) await scheduleDueCheck(trx, deps, access.engagementId, due, schedule.cal);
}

/** The lateness check of one due date, at the end of that day in the engagement's time zone; in the caller's transaction. */
async function scheduleDueCheck(trx: Transaction<DB>, deps: Pick<Deps, 'clock'>, engagementId: string, dueDate: string, cal: WorkCalendar) {
  await enqueue(trx, deps, DUE_JOB, { engagementId, dueDate }, { runAt: endOfLocalDay(dueDate, cal.timeZone), uniqueKey: `status_update:${engagementId}:due:${dueDate}` });
}

/** The access Candor reads with in a job: the client's view (shared content only). */
const candorAccess = (engagementId: string) => accessFor(CANDOR, engagementId, 'sponsor', 'status.read');

/**
 * A due date passed: if no published update answers it, the period is marked
 * late (a row, and an audit record by Candor), the lead is told once, and the
 * next due date gets its own check. Harmless when repeated or late.
 */
export async function checkDue(deps: Deps, engagementId: string, dueDate: string): Promise<string> {
  const access = candorAccess(engagementId);
  const schedule = await scheduleOf(deps.db, access);
  if (!schedule) return 'no schedule';
  const answered = await unscoped(deps.db, 'the due-date job: is this due date answered?')
    .selectFrom('status_updates')
    .select('id')
    .where('engagement_id', '=', engagementId)
    .where('status', '=', 'published')
    .where('due_date', '>=', dueDate)
    .executeTakeFirst();
  if (answered) return 'answered';
  return deps.db.transaction().execute(async (trx) => {
    const noted = await unscoped(trx, 'the due-date job: its own earlier record').selectFrom('status_update_lateness').select('due_date').where('engagement_id', '=', engagementId).where('due_date', '=', dueDate).executeTakeFirst();
    if (noted) return 'already noted';
    const now = deps.clock.now().toISOString();
    await trx.insertInto('status_update_lateness').values({ engagement_id: engagementId, due_date: dueDate, noted_at: now }).execute();
    await appendAudit(trx, deps, {
      chain: engagementId,
      actor: null,
      action: 'status_update.overdue',
      object: { type: 'status_update_due', id: `${engagementId}:${dueDate}` },
      visibility: 'shared',
      before: null,
      after: { dueDate },
    });
    await notify(trx, deps, {
      engagementId,
      visibility: 'shared',
      userIds: await leads(trx, engagementId),
      kind: 'status_update.overdue',
      title: `Status update overdue (due ${dueDate})`,
      body: `The status update due ${dueDate} was not published. The client sees it as overdue until it is.`,
      link: listPage(engagementId),
    });
    await scheduleDueCheck(trx, deps, engagementId, nextDueDate(schedule.anchor, schedule.cadence, schedule.cal, dueDate), schedule.cal);
    return 'late';
  });
}

/**
 * Two working days after an at-risk or off-track update was published, with
 * no client acknowledgement: remind the client roles once; two working days
 * later, still none: Candor escalates it at the first level of the ladder.
 */
export async function checkAcknowledged(deps: Deps, updateId: string, stage: number): Promise<string> {
  const u = await unscoped(deps.db, 'the acknowledgement job re-reads its update').selectFrom('status_updates').selectAll().where('id', '=', updateId).executeTakeFirst();
  if (!u || u.status !== 'published' || u.health === 'on_track') return 'nothing to check';
  const ack = await unscoped(deps.db, 'the acknowledgement job: any client acknowledgement?').selectFrom('status_update_responses').select('id').where('status_update_id', '=', u.id).where('acknowledged', '=', 1).executeTakeFirst();
  if (ack) return 'acknowledged';
  const access = candorAccess(u.engagement_id);
  const charter = await agreedCharterBody(deps.db, access);
  const cal = charter ? { timeZone: charter.cadence.timeZone, holidays: charter.cadence.holidays } : { timeZone: 'UTC', holidays: [] };
  const title = `Status update of ${(u.published_at ?? '').slice(0, 10)}`;
  return deps.db.transaction().execute(async (trx) => {
    if (stage === 1) {
      await notify(trx, deps, {
        engagementId: u.engagement_id,
        visibility: 'shared',
        userIds: await clientMembers(trx, u.engagement_id),
        kind: 'status_update.reminder',
        title: `Please acknowledge: status update ${healthLabel(u.health)}`,
        body: `The status update published ${title.slice(-10)} says the engagement is ${healthLabel(u.health)}: ${u.reason} Nobody on the client side has acknowledged it yet. In two more working days Candor escalates it.`,
        link: pageOf(u.engagement_id, u.id),
      });
      await enqueue(trx, deps, ACK_JOB, { updateId: u.id, stage: 2 }, { runAt: workingDeadline(deps.clock.now(), 2, cal), uniqueKey: `status_update:${u.id}:ack:2` });
      return 'reminded';
    }
    const already = await unscoped(trx, 'the acknowledgement job: its own earlier escalation').selectFrom('escalations').select('id').where('subject_type', '=', 'status_update').where('subject_id', '=', u.id).executeTakeFirst();
    if (already) return 'already escalated';
    const ladder: Level[] = (charter?.escalation ?? []).map((l, i) => ({ level: i + 1, person: l.person, userId: l.userId, responseHours: l.responseHours }));
    const id = await raiseByCandor(trx, deps, {
      engagementId: u.engagement_id,
      ladder,
      subjectType: 'status_update',
      subjectId: u.id,
      title: `Unacknowledged status update (${healthLabel(u.health)})`,
      description: `The status update of ${title.slice(-10)} says ${healthLabel(u.health)} (${u.reason}) and no client role acknowledged it within 2 working days, nor after a reminder.`,
      visibility: 'shared',
      link: pageOf(u.engagement_id, u.id),
    });
    return id ? 'escalated' : 'no ladder';
  });
}

export const statusJobs: JobHandlers = {
  [DUE_JOB]: async (deps, p) => {
    await checkDue(deps, String(p.engagementId), String(p.dueDate));
  },
  [ACK_JOB]: async (deps, p) => {
    await checkAcknowledged(deps, String(p.updateId), Number(p.stage));
  },
};

