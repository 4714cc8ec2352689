import { randomBytes } from 'node:crypto';
import { unscoped } from '../../authz/scoped';
import { appendAudit, INSTANCE_CHAIN } from '../../audit/append';
import { hashPassword } from '../../auth/passwords';
import { accessFor } from '../../authz/access';
import { acceptCharter, proposeCharter } from '../../charter/service';
import { addMember, createEngagement, measureOutcome } from '../../engagements/service';
import type { Actor, Deps } from '../../http/context';
import { newId } from '../../ids';
import { createNote } from '../../notes/service';
import { seedDelivery } from '../../delivery/seed';
import { seedCommitments } from '../../commitments/seed';
import { addGlossaryTerm } from '../../coach/service';
import { seedComments } from '../../comments/seed';
import { seedFailureReports } from '../../failures/seed';
import { seedAgenda } from '../../agenda/seed';
import { seedRecommendations } from '../../recommendations/seed';
import { seedGovernance } from './governance';
import { seedStatusUpdates } from '../../status/seed';
import { seedSelection } from '../../selections/seed';
import { SeedTimeline } from './timeline';
import { CharterBodyInput } from '../../../contracts/charter';
import { toNumber } from '../database';

export const DEMO_ACCOUNTS = [
  { key: 'admin', email: 'admin@demo.candor.dev', name: 'Ada Admin', label: 'instance admin', org: 'provider', isAdmin: true },
  { key: 'lead', email: 'lead@demo.candor.dev', name: 'Maya Okafor', label: 'provider lead', org: 'provider', isAdmin: false },
  { key: 'member', email: 'member@demo.candor.dev', name: 'Tom Reyes', label: 'provider member', org: 'provider', isAdmin: false },
  { key: 'sponsor', email: 'sponsor@demo.candor.dev', name: 'Ingrid Halvorsen', label: 'client sponsor', org: 'client', isAdmin: false },
  { key: 'stakeholder', email: 'stakeholder@demo.candor.dev', name: 'Sam Patel', label: 'client stakeholder', org: 'client', isAdmin: false },
] as const;

export interface SeedResult {
  engagementId: string;
  password: string;
  generated: boolean;
  accounts: { email: string; label: string }[];
  users: Record<(typeof DEMO_ACCOUNTS)[number]['key'], string>;
}

/** A password people can type: 4 groups of 4 from an unambiguous alphabet. */
function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

type Key = keyof SeedResult['users'];

/** Kick-off, charter, notes and an outcome measurement; then delivery, governance and commitments add their own history. */
function engagementHistory(t: SeedTimeline, engagementId: string, actor: (key: Key) => Actor) {
  const deps = t.deps;
  const body = CharterBodyInput.parse({
    purpose:
      'Shippers should get answers about their consignments without phoning us. We measure success by what customers can do on their own, not by features shipped.',
    outcomes: [
      { title: 'Shippers track consignments themselves', indicator: 'Share of tracking enquiries answered online', unit: '%', baseline: 35, target: 80, dueDate: t.day(120) },
      { title: 'Faster booking confirmation', indicator: 'Median hours from pick-up request to confirmation', unit: 'h', baseline: 26, target: 4, dueDate: t.day(90) },
      { title: 'Fewer invoice disputes', indicator: 'Disputed invoices per month', unit: 'disputes', baseline: 140, target: 60, dueDate: t.day(210) },
    ],
    // names as the kick-off workshop wrote them: each matches exactly one member and is stored as that member (ADR 0016)
    collaboration: [
      { decisionKind: 'scope', responsible: ['Maya Okafor'], accountable: 'Ingrid Halvorsen', consulted: ['Sam Patel'], informed: ['Tom Reyes'] },
      { decisionKind: 'budget', responsible: ['Maya Okafor'], accountable: 'Ingrid Halvorsen', consulted: [], informed: ['Sam Patel'] },
      { decisionKind: 'technical', responsible: ['Tom Reyes'], accountable: 'Maya Okafor', consulted: ['Sam Patel'], informed: ['Ingrid Halvorsen'] },
      { decisionKind: 'release', responsible: ['Maya Okafor'], accountable: 'Ingrid Halvorsen', consulted: ['Tom Reyes', 'Sam Patel'], informed: [] },
      { decisionKind: 'staffing', responsible: ['Maya Okafor'], accountable: 'Maya Okafor', consulted: ['Ingrid Halvorsen'], informed: ['Sam Patel'] },
    ],
    cadence: {
      statusUpdateEvery: 'weekly',
      statusUpdateWeekday: 'fri',
      timeZone: 'Europe/Oslo',
      holidays: ['2026-12-24', '2026-12-25', '2026-12-31', '2027-01-01'],
      gateReviewReminderDays: 5,
      futureReviewEvery: 'monthly',
      meetings: [
        { name: 'Weekly check-in', every: 'weekly', attendees: ['Maya Okafor', 'Sam Patel'] },
        { name: 'Steering meeting', every: 'monthly', attendees: ['Maya Okafor', 'Ingrid Halvorsen'] },
        { name: 'Phase gate review', every: 'per-phase', attendees: ['Maya Okafor', 'Tom Reyes', 'Ingrid Halvorsen', 'Sam Patel'] },
      ],
    },
    escalation: [
      { person: 'Maya Okafor (engagement lead)', userId: actor('lead').userId, responseHours: 24 },
      { person: 'Jonas Berg (delivery director, Brightline)', userId: null, responseHours: 48 },
      { person: 'Ingrid Halvorsen and Brightline CEO', userId: actor('sponsor').userId, responseHours: 72 },
    ],
  });
  const lead = accessFor(actor('lead'), engagementId, 'lead', 'charter.propose');
  const kickOff = t.day(-42);
  const spoken = new Date(`${kickOff}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' });
  let proposedId = '';
  t.on(t.at(-42, 17), 'charter proposed after the kick-off', async () => {
    proposedId = (await proposeCharter(deps, lead, body, `First charter, from the kick-off workshop on ${spoken}.`)).id;
  });
  t.on(t.at(-41, 10), 'the sponsor accepts the charter', async () => {
    await acceptCharter(deps, accessFor(actor('sponsor'), engagementId, 'sponsor', 'charter.accept'), proposedId);
  });
  // the glossary the coach and the client's tooltips read (issue 13): the words the kick-off notes use
  t.on(t.at(-41, 11), 'the lead starts the glossary', async () => {
    const glossary = accessFor(actor('lead'), engagementId, 'lead', 'glossary.write');
    for (const term of [
      { term: 'API', explanation: 'Application programming interface: the way two systems exchange data automatically, without a person in between.' },
      { term: 'Webhook', explanation: "A message a carrier's system sends ours the moment something happens, e.g. a parcel is scanned." },
      { term: 'Polling', explanation: 'Our system asking a carrier at fixed intervals (here every 15 minutes) whether anything changed.' },
    ]) {
      await addGlossaryTerm(deps, glossary, term);
    }
  });
  t.on(t.at(-7, 10), 'first outcome measurement', async () => {
    const [tracking] = await unscoped(deps.db, 'the demo seed').selectFrom('outcomes').select(['id', 'title']).where('engagement_id', '=', engagementId).orderBy('position').execute();
    if (tracking) await measureOutcome(deps, accessFor(actor('sponsor'), engagementId, 'sponsor', 'outcome.measure'), tracking.id, 52);
  });

  const roleOf = { lead: 'lead', member: 'member', stakeholder: 'stakeholder' } as const;
  const notes = [
    { at: t.at(-42, 16), who: 'lead', kind: 'meeting', visibility: 'shared', meetingDate: kickOff, title: 'Kick-off workshop', body: `## Agreed\n\n- Outcomes first: we measure what shippers can do on their own.\n- Weekly check-in on Tuesdays, steering monthly.\n- Sam is the day-to-day contact for content and test accounts.\n\n## Open\n\n- Which carrier APIs are in scope for tracking (Ingrid to confirm within a week).` },
    { at: t.at(-38, 14), who: 'stakeholder', kind: 'working', visibility: 'shared', meetingDate: null, title: 'Service desk call reasons (October)', body: 'Top call reasons last month: *where is my consignment* (41%), *re-book pick-up* (22%), *invoice question* (18%). Raw export attached to the shared drive.' },
    { at: t.at(-35, 14), who: 'member', kind: 'working', visibility: 'shared', meetingDate: null, title: 'Tracking data: what the carrier feeds give us', body: 'Two of the five carriers push events by webhook; three need polling every 15 minutes. Polling is enough for the 80% target.' },
    { at: t.at(-33, 11), who: 'member', kind: 'meeting', visibility: 'internal', meetingDate: t.day(-33), title: 'Internal: estimate review', body: 'Our estimate for carrier integrations assumed documented APIs; one carrier has none. Raise it as a risk with Fjord this week.' },
    { at: t.at(-30, 12), who: 'lead', kind: 'working', visibility: 'internal', meetingDate: null, title: 'Internal: staffing risk', body: 'Tom is booked on another engagement from March. If the invoicing phase slips, we need a second backend developer. Do not promise March dates yet.' },
  ] as const;
  for (const n of notes) {
    t.on(n.at, `note: ${n.title}`, async () => {
      await createNote(deps, accessFor(actor(n.who), engagementId, roleOf[n.who], 'note.create'), {
        kind: n.kind,
        title: n.title,
        body: n.body,
        visibility: n.visibility,
        meetingDate: n.meetingDate,
      });
    });
  }

  seedDelivery(t, engagementId, actor('lead'), actor('member'), actor('sponsor'));
  seedGovernance(t, engagementId, { lead: actor('lead'), member: actor('member'), sponsor: actor('sponsor'), stakeholder: actor('stakeholder') });
  seedCommitments(t, engagementId, { lead: actor('lead'), member: actor('member'), sponsor: actor('sponsor'), stakeholder: actor('stakeholder') });
  seedComments(t, engagementId, { lead: actor('lead'), member: actor('member'), sponsor: actor('sponsor'), stakeholder: actor('stakeholder') });
  seedFailureReports(t, engagementId, { lead: actor('lead'), member: actor('member'), sponsor: actor('sponsor'), stakeholder: actor('stakeholder') });
  seedAgenda(t, engagementId, { lead: actor('lead'), member: actor('member'), sponsor: actor('sponsor'), stakeholder: actor('stakeholder') });
  seedRecommendations(t, engagementId, { lead: actor('lead'), member: actor('member'), sponsor: actor('sponsor'), stakeholder: actor('stakeholder') });
  // weekly status updates on and off the charter's cadence: late, at risk and acknowledged, overridden (issue 12)
  seedStatusUpdates(t, engagementId, { lead: actor('lead'), member: actor('member'), sponsor: actor('sponsor'), stakeholder: actor('stakeholder') });
}

/** Seeds the demo engagement when the database has no users yet. */
export async function seedDemoIfEmpty(deps: Deps, password?: string): Promise<SeedResult | null> {
  const row = await deps.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  if (toNumber(row.n) > 0) return null;
  return seedDemo(deps, password);
}

/**
 * Seeds the demo engagement as a history (ADR 0016): six weeks of it, written
 * through the use cases on a seed timeline whose clock steps forward from the
 * kick-off to now, so every record carries the time it would have had.
 * Relative to the clock's now at seeding time; the same content every time.
 */
export async function seedDemo(realDeps: Deps, password?: string): Promise<SeedResult> {
  const generated = !password;
  const pw = password ?? generatePassword();
  const passwordHash = await hashPassword(pw);
  const t = new SeedTimeline(realDeps);
  const deps = t.deps;
  const providerOrg = newId();
  const clientOrg = newId();
  const users = {} as SeedResult['users'];

  // the accounts exist before the partner selection that chose Brightline (issue 15), which precedes the kick-off
  t.on(t.at(-64, 9), 'organizations and accounts', async () => {
    const now = deps.clock.now().toISOString();
    await deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('organizations')
        .values([
          { id: providerOrg, name: 'Brightline Software', kind: 'provider', created_at: now },
          { id: clientOrg, name: 'Fjord Logistics', kind: 'client', created_at: now },
        ])
        .execute();
      for (const a of DEMO_ACCOUNTS) {
        const id = newId();
        users[a.key] = id;
        await trx
          .insertInto('users')
          .values({
            id,
            email: a.email,
            name: a.name,
            password_hash: passwordHash,
            is_admin: a.isAdmin ? 1 : 0,
            org_id: a.org === 'provider' ? providerOrg : clientOrg,
            created_at: now,
            disabled_at: null,
          })
          .execute();
        await appendAudit(trx, deps, {
          chain: INSTANCE_CHAIN,
          actor: null,
          action: 'user.created',
          object: { type: 'user', id },
          visibility: 'internal',
          before: null,
          after: { email: a.email, name: a.name, isAdmin: a.isAdmin, seed: 'demo' },
        });
      }
      for (const [id, name, kind] of [
        [providerOrg, 'Brightline Software', 'provider'],
        [clientOrg, 'Fjord Logistics', 'client'],
      ] as const) {
        await appendAudit(trx, deps, {
          chain: INSTANCE_CHAIN,
          actor: null,
          action: 'organization.created',
          object: { type: 'organization', id },
          visibility: 'internal',
          before: null,
          after: { name, kind, seed: 'demo' },
        });
      }
    });
  });

  const actor = (key: keyof SeedResult['users']): Actor => {
    const a = DEMO_ACCOUNTS.find((x) => x.key === key)!;
    return { userId: users[key], email: a.email, name: a.name, isAdmin: a.isAdmin, orgId: a.org === 'provider' ? providerOrg : clientOrg, via: 'session' };
  };
  let engagementId = '';
  seedSelection(t, actor, () => engagementId);

  t.on(t.at(-44, 9, 30), 'the engagement and its members', async () => {
    const engagement = await createEngagement(deps, actor('lead'), {
      name: 'Customer portal replatforming',
      summary:
        'Fjord Logistics replaces its 2014 customer portal so that shippers can track consignments, book pick-ups and settle invoices online without calling the service desk.',
      clientOrgId: clientOrg,
    });
    engagementId = engagement.id;
    const lead = accessFor(actor('lead'), engagementId, 'lead', 'charter.propose');
    await addMember(deps, lead, users.member, 'member');
    await addMember(deps, lead, users.sponsor, 'sponsor');
    await addMember(deps, lead, users.stakeholder, 'stakeholder');
    // the rest of the history, now that the people and the engagement exist
    engagementHistory(t, engagementId, actor);
  });

  await t.play();
  return {
    engagementId,
    password: pw,
    generated,
    accounts: DEMO_ACCOUNTS.map((a) => ({ email: a.email, label: a.label })),
    users,
  };
}
