import { accessFor } from '../authz/access';
import { unscoped } from '../authz/scoped';
import type { SeedTimeline } from '../db/seed/timeline';
import type { Actor } from '../http/context';
import { createCommitment, keepCommitment, markMissedIfDue, renegotiateCommitment } from './service';

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
  renegotiated?: { on: number; to: number; reason: string; by: Who };
  delivered?: { on: number; by: Who };
  /** Not delivered and not renegotiated: the miss job marks it missed the night after it was due. */
  missed?: boolean;
  item?: string;
}

/**
 * Demo commitments on both sides, as a history on the seed timeline (ADR
 * 0016), through the ledger's own use cases: made, renegotiated early, kept
 * on the day they were delivered, and — the silent misses the trust index
 * reads — missed by the miss job the night after they were due, with nobody
 * having said a word. Three are made today and still outstanding.
 */
export function seedCommitments(t: SeedTimeline, engagementId: string, actors: Record<Who, Actor>) {
  const deps = t.deps;
  const roleOf: Record<Who, 'lead' | 'member' | 'sponsor' | 'stakeholder'> = { lead: 'lead', member: 'member', sponsor: 'sponsor', stakeholder: 'stakeholder' };
  const as = (who: Who) => accessFor(actors[who], engagementId, roleOf[who], 'commitment.write');
  const context = async () => {
    const phases = await unscoped(deps.db, 'the demo seed').selectFrom('phases').select(['id', 'name']).where('engagement_id', '=', engagementId).execute();
    const items = await unscoped(deps.db, 'the demo seed').selectFrom('work_items').select(['id', 'title']).where('engagement_id', '=', engagementId).where('visibility', '=', 'shared').execute();
    return { tracking: phases.find((p) => p.name === 'Tracking')?.id ?? null, itemId: (title?: string) => (title ? items.find((i) => i.title === title)?.id : undefined) };
  };

  const past: Past[] = [
    {
      side: 'provider',
      by: 'lead',
      owner: 'member',
      title: 'Carrier A webhook receiver running on staging',
      details: 'Events from carrier A arrive on staging and show on the consignment timeline.',
      assumptions: 'Carrier A keeps the webhook format of its 2026 documentation.',
      made: -41,
      due: -32,
      delivered: { on: -33, by: 'lead' },
      item: 'Carrier A webhook receiver',
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
      renegotiated: { on: -26, to: -14, reason: 'Carrier B changed its event format; we agreed to show the prototype with real data one week later.', by: 'lead' },
      delivered: { on: -15, by: 'lead' },
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
      by: 'lead',
      owner: 'stakeholder',
      title: 'Service desk call-reason export for October',
      details: 'The raw export of call reasons, so we can baseline the outcome indicators.',
      assumptions: '',
      made: -20,
      due: -12,
      delivered: { on: -13, by: 'sponsor' },
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
      renegotiated: { on: -6, to: 7, reason: 'Carrier D only grants sandbox access after a signed data-processing agreement; legal needs another week.', by: 'sponsor' },
      item: 'Carrier D has no sandbox: agree test data with Fjord',
    },
  ];

  const ids = new Map<string, string>();
  for (const p of past) {
    t.on(t.at(p.made, 14), `commitment made: ${p.title}`, async () => {
      const { tracking, itemId } = await context();
      const c = await createCommitment(deps, as(p.by), {
        side: p.side,
        title: p.title,
        details: p.details,
        assumptions: p.assumptions,
        dueDate: t.day(p.due),
        ownerId: actors[p.owner].userId,
        phaseId: p.side === 'provider' ? tracking : null,
        itemIds: [itemId(p.item)].filter((x): x is string => !!x),
        visibility: 'shared',
      });
      ids.set(p.title, c.id);
    });
    if (p.renegotiated) {
      const r = p.renegotiated;
      t.on(t.at(r.on, 11), `commitment renegotiated: ${p.title}`, async () => {
        await renegotiateCommitment(deps, as(r.by), ids.get(p.title)!, { newDueDate: t.day(r.to), reason: r.reason });
      });
    }
    if (p.delivered) {
      const d = p.delivered;
      t.on(t.at(d.on, 16), `commitment kept: ${p.title}`, async () => {
        await keepCommitment(deps, as(d.by), ids.get(p.title)!, { deliveredOn: t.day(d.on), note: '' });
      });
    }
    if (p.missed) {
      // what the scheduled miss check does, at the moment it runs: just after the due day ends
      t.on(new Date(t.at(p.due + 1, 0).getTime() + 5_000), `commitment missed: ${p.title}`, async () => {
        await markMissedIfDue(deps, ids.get(p.title)!, t.day(p.due));
      });
    }
  }

  // Outstanding, made today: exactly like new ones.
  t.on(t.now, 'outstanding commitments', async () => {
    const { tracking, itemId } = await context();
    const lead = as('lead');
    await createCommitment(deps, lead, {
      side: 'provider',
      title: 'Polling service for carriers C, D and E on staging',
      details: 'Events from the three polled carriers within 15 minutes, visible on the tracking page.',
      assumptions: 'Carrier D test data as agreed (see the sandbox commitment).',
      dueDate: t.day(4),
      ownerId: actors.member.userId,
      phaseId: tracking,
      itemIds: [itemId('Polling service for carriers C, D and E')].filter((x): x is string => !!x),
      visibility: 'shared',
    });
    await createCommitment(deps, lead, {
      side: 'client',
      title: 'Pricing page copy and prices',
      details: 'Final copy and the 2027 price list for the pricing page.',
      assumptions: 'Prices approved by the board in its November meeting.',
      dueDate: t.day(9),
      ownerId: actors.stakeholder.userId,
      phaseId: null,
      itemIds: [],
      visibility: 'shared',
    });
    await createCommitment(deps, lead, {
      side: 'provider',
      title: 'Internal: second developer briefed on the invoicing phase',
      details: 'Lena reads the invoicing notes and pairs with Tom for a day, in case Tom rolls off in March.',
      assumptions: '',
      dueDate: t.day(12),
      ownerId: actors.lead.userId,
      phaseId: null,
      itemIds: [],
      visibility: 'internal',
    });
  });
}
