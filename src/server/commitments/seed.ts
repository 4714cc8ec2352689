import type { Transaction } from 'kysely';
import { addDaysToDate, daysInAdvance, isEarlyRenegotiation } from '../../domain/commitments/rules';
import { isoDate } from '../../domain/time';
import { appendAudit } from '../audit/append';
import { accessFor } from '../authz/access';
import type { CommitmentsTable, DB } from '../db/schema';
import type { Actor, Deps } from '../http/context';
import { newId } from '../ids';
import { createCommitment, scheduleMissCheck } from './service';

type Who = 'lead' | 'member' | 'sponsor' | 'stakeholder';

interface Past {
  side: 'provider' | 'client';
  by: Who;
  owner: Who;
  title: string;
  details: string;
  assumptions: string;
  made: number; // days from today
  due: number;
  renegotiated?: { on: number; to: number; reason: string };
  delivered?: number;
  missed?: boolean;
  item?: string;
}

/**
 * Demo commitments on both sides, relative to "now": a history that gives
 * the say/do panel something real (kept, kept after an early renegotiation,
 * missed silently) and a few outstanding ones, due soon. Past ones are
 * written directly with their dates (as the delivery seed does with its
 * history), one audit record each; outstanding ones get their scheduled miss
 * check like any other.
 */
export async function seedCommitments(deps: Deps, engagementId: string, actors: Record<Who, Actor>) {
  const now = deps.clock.now();
  const today = isoDate(now);
  const day = (n: number) => addDaysToDate(today, n);
  const at = (n: number, hour = 10) => new Date(`${day(n)}T${String(hour).padStart(2, '0')}:00:00.000Z`).toISOString();
  const phases = await deps.db.selectFrom('phases').select(['id', 'name']).where('engagement_id', '=', engagementId).execute();
  const tracking = phases.find((p) => p.name === 'Tracking')?.id ?? null;
  const items = await deps.db.selectFrom('work_items').select(['id', 'title']).where('engagement_id', '=', engagementId).where('visibility', '=', 'shared').execute();
  const itemId = (title?: string) => (title ? items.find((i) => i.title === title)?.id : undefined);

  const past: Past[] = [
    {
      side: 'provider',
      by: 'lead',
      owner: 'member',
      title: 'Carrier A webhook receiver running on staging',
      details: 'Events from carrier A arrive on staging and show on the consignment timeline.',
      assumptions: 'Carrier A keeps the webhook format of its 2026 documentation.',
      made: -48,
      due: -32,
      delivered: -33,
      item: 'Carrier A webhook receiver',
    },
    {
      side: 'client',
      by: 'lead',
      owner: 'stakeholder',
      title: 'Service desk call-reason export for October',
      details: 'The raw export of call reasons, so we can baseline the outcome indicators.',
      assumptions: '',
      made: -20,
      due: -12,
      delivered: -13,
    },
    {
      side: 'provider',
      by: 'lead',
      owner: 'lead',
      title: 'Clickable tracking page prototype for the steering meeting',
      details: 'A prototype with real events from two carriers, shown to the steering group.',
      assumptions: 'Carrier B test data available two weeks before.',
      made: -40,
      due: -21,
      renegotiated: { on: -26, to: -14, reason: 'Carrier B changed its event format; we agreed to show the prototype with real data one week later.' },
      delivered: -15,
      item: 'Tracking page: timeline of events',
    },
    {
      side: 'provider',
      by: 'lead',
      owner: 'lead',
      title: 'First weekly indicator report',
      details: 'Share of tracking enquiries answered online, from the new event store.',
      assumptions: 'The service desk tags tracking calls from the start of the month.',
      made: -25,
      due: -8,
      missed: true,
      item: 'Weekly indicator report: enquiries answered online',
    },
    {
      side: 'client',
      by: 'sponsor',
      owner: 'sponsor',
      title: 'Sign-off on the wording of delay messages',
      details: 'Marketing approves the texts shippers see when a consignment is late.',
      assumptions: '',
      made: -18,
      due: -5,
      missed: true,
    },
    {
      side: 'client',
      by: 'lead',
      owner: 'stakeholder',
      title: 'Sandbox credentials for carrier D',
      details: 'Fjord IT requests a sandbox account from carrier D and passes the credentials on.',
      assumptions: 'Carrier D offers a sandbox at all.',
      made: -16,
      due: -2,
      renegotiated: { on: -6, to: 7, reason: 'Carrier D only grants sandbox access after a signed data-processing agreement; legal needs another week.' },
      item: 'Carrier D has no sandbox: agree test data with Fjord',
    },
  ];

  await deps.db.transaction().execute(async (trx) => {
    for (const p of past) await insertPast(trx, deps, engagementId, p, actors, { day, at, tracking, itemId: itemId(p.item) });
  });

  // Outstanding, made today: through the use case, so they behave exactly like new ones.
  const lead = accessFor(actors.lead, engagementId, 'lead', 'commitment.write');
  const idOf = (who: Who) => actors[who].userId;
  await createCommitment(deps, lead, {
    side: 'provider',
    title: 'Polling service for carriers C, D and E on staging',
    details: 'Events from the three polled carriers within 15 minutes, visible on the tracking page.',
    assumptions: 'Carrier D test data as agreed (see the sandbox commitment).',
    dueDate: day(4),
    ownerId: idOf('member'),
    phaseId: tracking,
    itemIds: [itemId('Polling service for carriers C, D and E')].filter((x): x is string => !!x),
    visibility: 'shared',
  });
  await createCommitment(deps, lead, {
    side: 'client',
    title: 'Pricing page copy and prices',
    details: 'Final copy and the 2027 price list for the pricing page.',
    assumptions: 'Prices approved by the board in its November meeting.',
    dueDate: day(9),
    ownerId: idOf('stakeholder'),
    phaseId: null,
    itemIds: [],
    visibility: 'shared',
  });
  await createCommitment(deps, lead, {
    side: 'provider',
    title: 'Internal: second developer briefed on the invoicing phase',
    details: 'Lena reads the invoicing notes and pairs with Tom for a day, in case Tom rolls off in March.',
    assumptions: '',
    dueDate: day(12),
    ownerId: idOf('lead'),
    phaseId: null,
    itemIds: [],
    visibility: 'internal',
  });
}

async function insertPast(
  trx: Transaction<DB>,
  deps: Deps,
  engagementId: string,
  p: Past,
  actors: Record<Who, Actor>,
  h: { day: (n: number) => string; at: (n: number, hour?: number) => string; tracking: string | null; itemId: string | undefined },
) {
  const id = newId();
  const due = h.day(p.due);
  const dueNow = p.renegotiated ? h.day(p.renegotiated.to) : due;
  const advance = p.renegotiated ? daysInAdvance(due, h.day(p.renegotiated.on)) : 0;
  const status: CommitmentsTable['status'] = p.delivered !== undefined ? 'kept' : p.missed ? 'missed' : p.renegotiated ? 'renegotiated' : 'open';
  const row: CommitmentsTable = {
    id,
    engagement_id: engagementId,
    side: p.side,
    title: p.title,
    details: p.details,
    assumptions: p.assumptions,
    due_date: dueNow,
    original_due_date: due,
    status,
    owner_user_id: actors[p.owner].userId,
    phase_id: p.side === 'provider' ? h.tracking : null,
    visibility: 'shared',
    renegotiations: p.renegotiated ? 1 : 0,
    late_renegotiations: p.renegotiated && !isEarlyRenegotiation(advance) ? 1 : 0,
    delivered_on: p.delivered !== undefined ? h.day(p.delivered) : null,
    kept_at: p.delivered !== undefined ? h.at(p.delivered, 16) : null,
    missed_at: p.missed ? `${addDaysToDate(dueNow, 1)}T00:00:05.000Z` : null,
    missed_automatically: p.missed ? 1 : 0,
    resolved_on: p.delivered !== undefined ? h.day(p.delivered) : p.missed ? addDaysToDate(dueNow, 1) : null,
    created_by: actors[p.by].userId,
    created_at: h.at(p.made, 9),
    updated_at: h.at(p.delivered ?? p.renegotiated?.on ?? p.made, 16),
  };
  await trx.insertInto('commitments').values(row).execute();
  if (h.itemId) await trx.insertInto('commitment_items').values({ commitment_id: id, work_item_id: h.itemId }).execute();
  const events: { kind: 'created' | 'renegotiated' | 'kept' | 'missed'; at: string; actor: string | null; data: object }[] = [{ kind: 'created', at: row.created_at, actor: row.created_by, data: { to: due } }];
  if (p.renegotiated) {
    events.push({ kind: 'renegotiated', at: h.at(p.renegotiated.on, 11), actor: actors.lead.userId, data: { from: due, to: dueNow, reason: p.renegotiated.reason, daysInAdvance: advance } });
  }
  if (row.kept_at) events.push({ kind: 'kept', at: row.kept_at, actor: actors.lead.userId, data: { deliveredOn: row.delivered_on } });
  if (row.missed_at) events.push({ kind: 'missed', at: row.missed_at, actor: null, data: { automatic: true } });
  for (const e of events) {
    await trx.insertInto('commitment_events').values({ id: newId(), commitment_id: id, kind: e.kind, at: e.at, actor_id: e.actor, data: JSON.stringify(e.data), note: '' }).execute();
  }
  await appendAudit(trx, deps, {
    chain: engagementId,
    actor: actors[p.by],
    action: 'commitment.recorded',
    object: { type: 'commitment', id },
    visibility: 'shared',
    before: null,
    after: { side: p.side, title: p.title, dueDate: dueNow, originalDueDate: due, status, deliveredOn: row.delivered_on, source: 'demo history' },
  });
  if (status === 'renegotiated') {
    await scheduleMissCheck(trx, deps, id, dueNow);
  }
}
