import type { PhaseStatus } from '../../domain/delivery/phases';
import { sql, type Transaction } from 'kysely';
import { Budget, DeliveryOverview } from '../../contracts/delivery';
import { type Alert, budgetBurn, type BudgetPlan, type DaySpend, elapsedPercent, thresholdAlerts } from '../../domain/delivery/burn';
import { appendAudit } from '../audit/append';
import type { EngagementAccess } from '../authz/access';
import type { DB, DeliverySettingsTable, WorkItemStatus } from '../db/schema';
import type { Deps } from '../http/context';
import { forbidden } from '../http/errors';
import { newId } from '../ids';
import { rebuildDayRollups } from './time';
import { cached, cachedJson, cacheKey, loadSettings, presentSettings, providerMembers, rejected, settingsOf, todayOf, touch, userMap } from './common';
import { scoped, scopedDelete, scopedUpdate } from '../authz/scoped';

// ── settings ────────────────────────────────────────────────────────────────

export async function getSettings(deps: Deps, access: EngagementAccess) {
  return presentSettings(await settingsOf(deps, access));
}

async function saveSettings(
  deps: Deps,
  access: EngagementAccess,
  action: string,
  change: (s: DeliverySettingsTable, trx: Transaction<DB>) => Promise<Partial<DeliverySettingsTable>> | Partial<DeliverySettingsTable>,
) {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await touch(trx, access.engagementId, now);
    const before = await loadSettings(trx, access);
    const set = await change(before, trx);
    await scopedUpdate(trx, access, 'delivery_settings').set({ ...set, updated_at: now }).execute();
    const after = await loadSettings(trx, access);
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action,
      object: { type: 'delivery_settings', id: access.engagementId },
      visibility: 'shared',
      before: presentSettings(before),
      after: presentSettings(after),
    });
  });
  return getSettings(deps, access);
}

export async function updateSettings(
  deps: Deps,
  access: EngagementAccess,
  patch: { startDate?: string | null | undefined; endDate?: string | null | undefined; clientTimeView?: 'entries' | 'totals' | undefined },
) {
  return saveSettings(deps, access, 'delivery.settings_updated', async (s, trx) => {
    const start = patch.startDate === undefined ? s.start_date : patch.startDate;
    const end = patch.endDate === undefined ? s.end_date : patch.endDate;
    if (start && end && end < start) throw rejected('endDate', `must not be before startDate (${start})`);
    const range = await scoped(trx, access, 'time_rollups')
      .select((eb) => [eb.fn.min<string>('date_worked').as('first'), eb.fn.max<string>('date_worked').as('last')])
      .where('entries', '>', 0)
      .executeTakeFirst();
    if (start && range?.first && range.first < start) throw rejected('startDate', `time is already logged on ${range.first}, before this start date`);
    if (end && range?.last && range.last > end) throw rejected('endDate', `time is already logged on ${range.last}, after this end date`);
    return { start_date: start, end_date: end, client_time_view: patch.clientTimeView ?? s.client_time_view };
  });
}

export interface BudgetInput {
  hours: number | null;
  amount: number | null;
  currency: string;
  alertThresholds: number[];
  ratesShared: boolean;
}

export async function putBudget(deps: Deps, access: EngagementAccess, input: BudgetInput) {
  const thresholds = [...new Set(input.alertThresholds)].sort((a, b) => a - b);
  return saveSettings(deps, access, 'delivery.budget_set', async (_s, trx) => {
    const other = await scoped(trx, access, 'rates').select('currency').where('currency', '!=', input.currency).executeTakeFirst();
    if (other) throw rejected('currency', `the rates are in ${other.currency}: change the rates first, or keep ${other.currency}`);
    return {
      budget_hours: input.hours,
      budget_amount: input.amount,
      currency: input.currency,
      alert_thresholds: JSON.stringify(thresholds),
      rates_shared: input.ratesShared ? 1 : 0,
    };
  });
}

// ── rates ───────────────────────────────────────────────────────────────────

export async function mayReadRates(deps: Deps, access: EngagementAccess, settings?: DeliverySettingsTable) {
  if (access.side === 'provider') return true;
  return ((settings ?? (await loadSettings(deps.db, access))).rates_shared ?? 0) === 1;
}

export async function listRates(deps: Deps, access: EngagementAccess) {
  const settings = await settingsOf(deps, access);
  if (!(await mayReadRates(deps, access, settings))) throw forbidden('Rates are visible to the provider side unless the lead shares them');
  return { rates: await ratesOf(deps, access), shared: settings.rates_shared === 1 };
}

async function ratesOf(deps: Deps, access: EngagementAccess) {
  const rows = await scoped(deps.db, access, 'rates').selectAll().orderBy('role').orderBy('id').execute();
  const users = await userMap(deps.db, rows.map((r) => r.user_id));
  return rows.map((r) => ({ id: r.id, role: r.role, user: r.user_id ? (users.get(r.user_id) ?? { id: r.user_id, name: 'Former member', email: '' }) : null, hourlyRate: r.hourly_rate, currency: r.currency }));
}

export async function putRates(deps: Deps, access: EngagementAccess, rates: { role: 'lead' | 'member' | null; userId: string | null; hourlyRate: number; currency: string }[]) {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const settings = await loadSettings(trx, access);
    const members = new Set((await providerMembers(trx, access)).map((m) => m.id));
    const seen = new Set<string>();
    for (const [i, r] of rates.entries()) {
      const key = r.userId ? `u:${r.userId}` : `r:${r.role}`;
      if (seen.has(key)) throw rejected(`rates.${i}.${r.userId ? 'userId' : 'role'}`, 'appears twice: one rate per role and per person');
      seen.add(key);
      if (r.userId && !members.has(r.userId)) throw rejected(`rates.${i}.userId`, 'must be a provider member of this engagement');
      if (r.currency !== settings.currency) throw rejected(`rates.${i}.currency`, `must be the budget currency (${settings.currency})`);
    }
    const before = await scoped(trx, access, 'rates').selectAll().execute();
    await scopedDelete(trx, access, 'rates').execute();
    if (rates.length) {
      await trx
        .insertInto('rates')
        .values(rates.map((r) => ({ id: newId(), engagement_id: access.engagementId, role: r.role, user_id: r.userId, hourly_rate: r.hourlyRate, currency: r.currency, updated_at: now })))
        .execute();
    }
    await rebuildDayRollups(trx, access.engagementId);
    await touch(trx, access.engagementId, now);
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'delivery.rates_set',
      object: { type: 'rates', id: access.engagementId },
      // Rates are provider-only unless shared: the record follows the same rule.
      visibility: settings.rates_shared === 1 ? 'shared' : 'internal',
      before: { rates: before.map((r) => ({ role: r.role, userId: r.user_id, hourlyRate: r.hourly_rate, currency: r.currency })) },
      after: { rates },
    });
  });
  return listRates(deps, access);
}

// ── aggregates (cached per delivery version and visibility) ──────────────────

export interface ItemAgg {
  phaseId: string | null;
  outcomeId: string | null;
  status: WorkItemStatus;
  items: number;
  likelyHours: number;
  actualMinutes: number;
}

export interface Aggregates {
  items: ItemAgg[];
  days: DaySpend[];
  totalMinutes: number;
  billableMinutes: number;
  last7DaysMinutes: number;
  internalMinutes: number;
}

const daysBefore = (today: string, n: number) => new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

/** The engagement's delivery numbers the caller may see: item sums per phase/outcome/status and billable spend per day. */
export async function aggregates(deps: Deps, access: EngagementAccess, settings: DeliverySettingsTable): Promise<Aggregates> {
  const today = todayOf(deps);
  return cached(deps, cacheKey(access, settings, 'aggregates', today), async () => {
    const vis = [...access.visibilities];
    const [items, spend] = await Promise.all([
      scoped(deps.db, access, 'work_items')
        .select(['phase_id', 'outcome_id', 'status'])
        .select((eb) => [
          eb.fn.countAll<number>().as('n'),
          eb.fn.sum<number>(eb.fn.coalesce('estimate_likely', sql<number>`0`)).as('likely'),
          eb.fn.sum<number>('actual_minutes_shared').as('ms'),
          eb.fn.sum<number>('actual_minutes_internal').as('mi'),
        ])
        .groupBy(['phase_id', 'outcome_id', 'status'])
        .execute(),
      // the per-day rollups (minutes and money per day, visibility and billable flag), maintained on write
      scoped(deps.db, access, 'time_day_rollups')
        .select(['date_worked as date', 'visibility', 'billable', 'minutes', 'amount', 'unrated_minutes as unrated'])
        .execute(),
    ]);
    const since = daysBefore(today, 6);
    const byDay = new Map<string, DaySpend>();
    let totalMinutes = 0;
    let billableMinutes = 0;
    let last7DaysMinutes = 0;
    let internalMinutes = 0;
    for (const r of spend) {
      const minutes = Number(r.minutes);
      if (r.visibility === 'internal') internalMinutes += minutes;
      if (!vis.includes(r.visibility)) continue;
      totalMinutes += minutes;
      if (r.date >= since) last7DaysMinutes += minutes;
      if (Number(r.billable) !== 1) continue;
      billableMinutes += minutes;
      const d = byDay.get(r.date) ?? { date: r.date, minutes: 0, amount: 0, unratedMinutes: 0 };
      d.minutes += minutes;
      d.amount += Number(r.amount);
      d.unratedMinutes += Number(r.unrated);
      byDay.set(r.date, d);
    }
    const canSeeInternal = access.canSeeInternal;
    return {
      items: items.map((r) => ({
        phaseId: r.phase_id,
        outcomeId: r.outcome_id,
        status: r.status,
        items: Number(r.n),
        likelyHours: Number(r.likely ?? 0),
        actualMinutes: Number(r.ms ?? 0) + (canSeeInternal ? Number(r.mi ?? 0) : 0),
      })),
      days: [...byDay.values()],
      totalMinutes,
      billableMinutes,
      last7DaysMinutes,
      internalMinutes,
    };
  });
}

export const planOf = (s: DeliverySettingsTable): BudgetPlan => ({
  hours: s.budget_hours,
  amount: s.budget_amount,
  currency: s.currency,
  thresholds: JSON.parse(s.alert_thresholds),
  start: s.start_date,
  end: s.end_date,
});

export const presentAlert = (a: Alert, currency: string) => ({
  ...a,
  message: `${a.metric === 'hours' ? 'Hours' : `Money (${currency})`}: ${a.threshold}% of the budget used on ${a.crossedOn}; now ${a.percentSpent}%`,
});

/** Per phase: scope and done (likely estimates), actual hours, % elapsed against % spent. */
export function phaseBurns(
  phases: { id: string; name: string; status: PhaseStatus; planned_start: string; planned_end: string }[],
  items: ItemAgg[],
  today: string,
) {
  return phases.map((p) => {
    const mine = items.filter((i) => i.phaseId === p.id);
    const live = mine.filter((i) => i.status !== 'dropped');
    const scopeHours = live.reduce((s, i) => s + i.likelyHours, 0);
    const doneHours = live.filter((i) => i.status === 'done').reduce((s, i) => s + i.likelyHours, 0);
    const actualHours = mine.reduce((s, i) => s + i.actualMinutes, 0) / 60;
    const r2 = (x: number) => Math.round(x * 100) / 100;
    return {
      phase: { id: p.id, name: p.name },
      status: p.status,
      scopeHours: r2(scopeHours),
      doneHours: r2(doneHours),
      actualHours: r2(actualHours),
      percentElapsed: elapsedPercent(p.planned_start, p.planned_end, today),
      percentSpent: scopeHours > 0 ? Math.round((actualHours / scopeHours) * 1000) / 10 : null,
      items: live.reduce((s, i) => s + i.items, 0),
      itemsDone: live.filter((i) => i.status === 'done').reduce((s, i) => s + i.items, 0),
    };
  });
}

export async function phaseRows(deps: Deps, access: EngagementAccess) {
  return scoped(deps.db, access, 'phases').selectAll().orderBy('position').orderBy('id').execute();
}

export async function getBudget(deps: Deps, access: EngagementAccess) {
  const settings = await settingsOf(deps, access);
  const today = todayOf(deps);
  return cached(deps, cacheKey(access, settings, 'budget', today), () => computeBudget(deps, access, settings, today));
}

/** The budget as JSON text, from the cache while nothing changed. */
export async function budgetJson(deps: Deps, access: EngagementAccess) {
  const settings = await settingsOf(deps, access);
  const today = todayOf(deps);
  return cachedJson(deps, cacheKey(access, settings, 'budget', today), Budget, () => computeBudget(deps, access, settings, today));
}

async function computeBudget(deps: Deps, access: EngagementAccess, settings: DeliverySettingsTable, today: string) {
  const [agg, phases, rates] = await Promise.all([
    aggregates(deps, access, settings),
    phaseRows(deps, access),
    (async () => ((await mayReadRates(deps, access, settings)) ? ratesOf(deps, access) : null))(),
  ]);
  const plan = planOf(settings);
  return {
    budget: presentSettings(settings).budget,
    burn: budgetBurn(agg.days, plan, today),
    alerts: thresholdAlerts(agg.days, plan).map((a) => presentAlert(a, settings.currency)),
    phases: phaseBurns(phases, agg.items, today).map(({ items: _i, itemsDone: _d, ...rest }) => rest),
    rates,
    billableOnly: true as const,
  };
}

/** The delivery overview: settings, burn, alerts, phases with their progress, item counts and time totals. */
export async function getOverview(deps: Deps, access: EngagementAccess) {
  const settings = await settingsOf(deps, access);
  const today = todayOf(deps);
  // One indexed read of the settings row (its version) per request; the rest is recomputed only after a delivery write.
  return cached(deps, cacheKey(access, settings, 'overview', today), () => computeOverview(deps, access, settings, today));
}

/** The overview as JSON text, from the cache while nothing changed (the hot read: one settings lookup per request). */
export async function overviewJson(deps: Deps, access: EngagementAccess) {
  const settings = await settingsOf(deps, access);
  const today = todayOf(deps);
  return cachedJson(deps, cacheKey(access, settings, 'overview', today), DeliveryOverview, () => computeOverview(deps, access, settings, today));
}

async function computeOverview(deps: Deps, access: EngagementAccess, settings: DeliverySettingsTable, today: string) {
  const [agg, phases] = await Promise.all([aggregates(deps, access, settings), phaseRows(deps, access)]);
  const plan = planOf(settings);
  const byStatus: Record<string, number> = { backlog: 0, in_progress: 0, blocked: 0, done: 0, dropped: 0 };
  for (const i of agg.items) byStatus[i.status] = (byStatus[i.status] ?? 0) + i.items;
  const burns = phaseBurns(phases, agg.items, today);
  return {
    settings: presentSettings(settings),
    burn: budgetBurn(agg.days, plan, today),
    alerts: thresholdAlerts(agg.days, plan).map((a) => presentAlert(a, settings.currency)),
    phases: burns.map((b, i) => {
      const p = phases[i]!;
      const criteria = JSON.parse(p.exit_criteria) as { met: boolean }[];
      return { ...b, plannedStart: p.planned_start, plannedEnd: p.planned_end, exitCriteria: criteria.length, exitCriteriaMet: criteria.filter((c) => c.met).length };
    }),
    items: { total: Object.values(byStatus).reduce((a, b) => a + b, 0), byStatus },
    time: {
      totalMinutes: agg.totalMinutes,
      billableMinutes: agg.billableMinutes,
      last7DaysMinutes: agg.last7DaysMinutes,
      internalMinutes: access.canSeeInternal ? agg.internalMinutes : null,
    },
  };
}

