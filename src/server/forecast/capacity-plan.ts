/**
 * The lead's capacity plan (issue 18): periods that replace the logged-hours
 * history in the completion-date forecast for the days they cover. The
 * provider reads it, the lead writes it (policy 'capacity.read' /
 * 'capacity.plan'). Clients do not read it: it is the provider's staffing
 * (who works when), while its effect reaches them through the forecast's
 * dates and a label with a head count and dates, never names (ADR 0100).
 */

import { scoped, scopedDelete } from '../authz/scoped';
import type { z } from 'zod';
import type { CapacityPlanBody } from '../../contracts/capacity';
import type { CapacityPlanPeriod } from '../../domain/forecast/capacity';
import { appendAudit } from '../audit/append';
import type { EngagementAccess } from '../authz/access';
import type { Kysely, Transaction } from 'kysely';
import type { CapacityPlanPeriodsTable, DB } from '../db/schema';
import { touch } from '../delivery/common';
import type { Deps } from '../http/context';
import { invalid } from '../http/errors';
import { newId } from '../ids';

const PROVIDER_ROLES = ['lead', 'member'] as const;

/** "2 people from 2027-01-06 to 2027-02-28", "office closed 2026-12-23 – 2027-01-02". */
export function periodLabel(r: Pick<CapacityPlanPeriodsTable, 'kind' | 'starts_on' | 'ends_on'>, people: number): string {
  if (r.kind === 'closed') return r.ends_on ? `office closed ${r.starts_on} – ${r.ends_on}` : `office closed from ${r.starts_on}`;
  return `${people} ${people === 1 ? 'person' : 'people'} from ${r.starts_on}${r.ends_on ? ` to ${r.ends_on}` : ''}`;
}

const peopleOf = (r: CapacityPlanPeriodsTable): string[] => JSON.parse(r.person_ids) as string[];
const perWeekOf = (r: CapacityPlanPeriodsTable) => (r.kind === 'closed' ? 0 : peopleOf(r).length * r.hours_per_person_week);

async function rows(db: Kysely<DB> | Transaction<DB>, access: EngagementAccess) {
  return scoped(db, access, 'capacity_plan_periods').selectAll().orderBy('position').execute();
}

/** The plan as the forecast engine takes it (for either side's forecast: the dates must agree). */
export async function capacityPlanForForecast(deps: Deps, access: EngagementAccess): Promise<CapacityPlanPeriod[]> {
  return (await rows(deps.db, access)).map((r) => ({
    from: `${r.starts_on}T00:00:00Z`,
    to: r.ends_on ? `${r.ends_on}T00:00:00Z` : null,
    perWeek: perWeekOf(r),
    label: periodLabel(r, peopleOf(r).length),
  }));
}

async function present(db: Kysely<DB> | Transaction<DB>, access: EngagementAccess) {
  const list = await rows(db, access);
  const ids = [...new Set(list.flatMap(peopleOf))];
  const users = ids.length ? await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute() : [];
  const names = new Map(users.map((u) => [u.id, u.name]));
  return {
    periods: list.map((r) => {
      const people = peopleOf(r);
      return {
        id: r.id,
        kind: r.kind,
        startsOn: r.starts_on,
        endsOn: r.ends_on,
        people: people.map((id) => ({ id, name: names.get(id) ?? 'former member' })),
        hoursPerPersonWeek: r.hours_per_person_week,
        hoursPerWeek: perWeekOf(r),
        label: periodLabel(r, people.length),
        note: r.note,
      };
    }),
  };
}

export async function getCapacityPlan(deps: Deps, access: EngagementAccess) {
  return present(deps.db, access);
}

/** Replaces the whole plan, with its audit record, in one transaction; bad input names the field and writes nothing. */
export async function replaceCapacityPlan(deps: Deps, access: EngagementAccess, body: z.infer<typeof CapacityPlanBody>) {
  const E = access.engagementId;
  const providers = new Set(
    (await scoped(deps.db, access, 'memberships').select('user_id').where('role', 'in', [...PROVIDER_ROLES]).execute()).map((m) => m.user_id),
  );
  body.periods.forEach((p, i) => {
    if (p.endsOn !== null && p.endsOn < p.startsOn) throw invalid(`periods.${i}.endsOn`, `must not be before startsOn (${p.startsOn})`);
    if (p.kind === 'people' && p.personIds.length === 0) throw invalid(`periods.${i}.personIds`, 'name at least one member who works in the period');
    if (p.kind === 'closed' && p.personIds.length > 0) throw invalid(`periods.${i}.personIds`, 'a closure has no people');
    p.personIds.forEach((id, j) => {
      if (!providers.has(id)) throw invalid(`periods.${i}.personIds.${j}`, 'is not a provider member of this engagement');
    });
    if (new Set(p.personIds).size !== p.personIds.length) throw invalid(`periods.${i}.personIds`, 'names a member twice');
  });
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    // bumps the delivery version, so cached forecasts of both sides are recomputed with the plan
    await touch(trx, E, now);
    const before = await present(trx, access);
    await scopedDelete(trx, access, 'capacity_plan_periods').execute();
    if (body.periods.length > 0) {
      await trx
        .insertInto('capacity_plan_periods')
        .values(
          body.periods.map((p, position) => ({
            id: newId(),
            engagement_id: E,
            kind: p.kind,
            starts_on: p.startsOn,
            ends_on: p.endsOn,
            person_ids: JSON.stringify(p.personIds),
            hours_per_person_week: p.hoursPerPersonWeek,
            note: p.note,
            position,
            created_by: access.actor.userId,
            created_at: now,
          })),
        )
        .execute();
    }
    const after = await present(trx, access);
    await appendAudit(trx, deps, {
      chain: E,
      actor: access.actor,
      action: 'capacity_plan.replaced',
      object: { type: 'capacity_plan', id: E },
      // the provider's staffing: not in the client's audit view
      visibility: 'internal',
      before,
      after,
    });
  });
  return present(deps.db, access);
}
