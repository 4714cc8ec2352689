import { randomBytes } from 'node:crypto';
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
import { seedGovernance } from './governance';
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

/** Seeds the demo engagement when the database has no users yet. */
export async function seedDemoIfEmpty(deps: Deps, password?: string): Promise<SeedResult | null> {
  const row = await deps.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  if (toNumber(row.n) > 0) return null;
  return seedDemo(deps, password);
}

export async function seedDemo(deps: Deps, password?: string): Promise<SeedResult> {
  const generated = !password;
  const pw = password ?? generatePassword();
  const passwordHash = await hashPassword(pw);
  const now = deps.clock.now().toISOString();
  const providerOrg = newId();
  const clientOrg = newId();
  const users = {} as SeedResult['users'];

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

  const actor = (key: keyof SeedResult['users']): Actor => {
    const a = DEMO_ACCOUNTS.find((x) => x.key === key)!;
    return { userId: users[key], email: a.email, name: a.name, isAdmin: a.isAdmin, orgId: a.org === 'provider' ? providerOrg : clientOrg, via: 'session' };
  };

  const engagement = await createEngagement(deps, actor('lead'), {
    name: 'Customer portal replatforming',
    summary:
      'Fjord Logistics replaces its 2014 customer portal so that shippers can track consignments, book pick-ups and settle invoices online without calling the service desk.',
    clientOrgId: clientOrg,
  });
  const lead = accessFor(actor('lead'), engagement.id, 'lead', 'charter.propose');
  await addMember(deps, lead, users.member, 'member');
  await addMember(deps, lead, users.sponsor, 'sponsor');
  await addMember(deps, lead, users.stakeholder, 'stakeholder');

  const body = CharterBodyInput.parse({
    purpose:
      'Shippers should get answers about their consignments without phoning us. We measure success by what customers can do on their own, not by features shipped.',
    outcomes: [
      { title: 'Shippers track consignments themselves', indicator: 'Share of tracking enquiries answered online', unit: '%', baseline: 35, target: 80, dueDate: '2027-03-31' },
      { title: 'Faster booking confirmation', indicator: 'Median hours from pick-up request to confirmation', unit: 'h', baseline: 26, target: 4, dueDate: '2027-02-28' },
      { title: 'Fewer invoice disputes', indicator: 'Disputed invoices per month', unit: 'disputes', baseline: 140, target: 60, dueDate: '2027-06-30' },
    ],
    collaboration: [
      { decisionKind: 'scope', responsible: ['Maya Okafor'], accountable: 'Ingrid Halvorsen', consulted: ['Sam Patel'], informed: ['Tom Reyes'] },
      { decisionKind: 'budget', responsible: ['Maya Okafor'], accountable: 'Ingrid Halvorsen', consulted: [], informed: ['Sam Patel'] },
      { decisionKind: 'technical', responsible: ['Tom Reyes'], accountable: 'Maya Okafor', consulted: ['Sam Patel'], informed: ['Ingrid Halvorsen'] },
      { decisionKind: 'release', responsible: ['Maya Okafor'], accountable: 'Ingrid Halvorsen', consulted: ['Tom Reyes', 'Sam Patel'], informed: [] },
      { decisionKind: 'staffing', responsible: ['Maya Okafor'], accountable: 'Maya Okafor', consulted: ['Ingrid Halvorsen'], informed: ['Sam Patel'] },
    ],
    cadence: {
      statusUpdateEvery: 'weekly',
      meetings: [
        { name: 'Weekly check-in', every: 'weekly', attendees: ['Maya Okafor', 'Sam Patel'] },
        { name: 'Steering meeting', every: 'monthly', attendees: ['Maya Okafor', 'Ingrid Halvorsen'] },
        { name: 'Phase gate review', every: 'per-phase', attendees: ['Maya Okafor', 'Tom Reyes', 'Ingrid Halvorsen', 'Sam Patel'] },
      ],
    },
    escalation: [
      { person: 'Maya Okafor (engagement lead)', userId: users.lead, responseHours: 24 },
      { person: 'Jonas Berg (delivery director, Brightline)', userId: null, responseHours: 48 },
      { person: 'Ingrid Halvorsen and Brightline CEO', userId: users.sponsor, responseHours: 72 },
    ],
  });
  const proposed = await proposeCharter(deps, lead, body, 'First charter, from the kick-off workshop on 2 November.');
  const sponsor = accessFor(actor('sponsor'), engagement.id, 'sponsor', 'charter.accept');
  await acceptCharter(deps, sponsor, proposed.id);

  const [tracking] = (await deps.db.selectFrom('outcomes').select(['id', 'title']).where('engagement_id', '=', engagement.id).orderBy('position').execute());
  if (tracking) await measureOutcome(deps, accessFor(actor('sponsor'), engagement.id, 'sponsor', 'outcome.measure'), tracking.id, 52);

  const notes = [
    { who: 'lead', kind: 'meeting', visibility: 'shared', meetingDate: '2026-11-02', title: 'Kick-off workshop', body: '## Agreed\n\n- Outcomes first: we measure what shippers can do on their own.\n- Weekly check-in on Tuesdays, steering monthly.\n- Sam is the day-to-day contact for content and test accounts.\n\n## Open\n\n- Which carrier APIs are in scope for tracking (Ingrid to confirm by 9 November).' },
    { who: 'stakeholder', kind: 'working', visibility: 'shared', meetingDate: null, title: 'Service desk call reasons (October)', body: 'Top call reasons last month: *where is my consignment* (41%), *re-book pick-up* (22%), *invoice question* (18%). Raw export attached to the shared drive.' },
    { who: 'member', kind: 'working', visibility: 'shared', meetingDate: null, title: 'Tracking data: what the carrier feeds give us', body: 'Two of the five carriers push events by webhook; three need polling every 15 minutes. Polling is enough for the 80% target.' },
    { who: 'lead', kind: 'working', visibility: 'internal', meetingDate: null, title: 'Internal: staffing risk', body: 'Tom is booked on another engagement from March. If the invoicing phase slips, we need a second backend developer. Do not promise March dates yet.' },
    { who: 'member', kind: 'meeting', visibility: 'internal', meetingDate: '2026-11-10', title: 'Internal: estimate review', body: 'Our estimate for carrier integrations assumed documented APIs; one carrier has none. Raise it as a risk with Fjord this week.' },
  ] as const;
  for (const n of notes) {
    await createNote(deps, accessFor(actor(n.who), engagement.id, n.who === 'lead' ? 'lead' : n.who === 'member' ? 'member' : 'stakeholder', 'note.create'), {
      kind: n.kind,
      title: n.title,
      body: n.body,
      visibility: n.visibility,
      meetingDate: n.meetingDate,
    });
  }

  await seedDelivery(deps, engagement.id, actor('lead'), actor('member'), users.sponsor);
  await seedGovernance(deps, engagement.id, { lead: actor('lead'), member: actor('member'), stakeholder: actor('stakeholder') });
  await seedCommitments(deps, engagement.id, { lead: actor('lead'), member: actor('member'), sponsor: actor('sponsor'), stakeholder: actor('stakeholder') });

  return {
    engagementId: engagement.id,
    password: pw,
    generated,
    accounts: DEMO_ACCOUNTS.map((a) => ({ email: a.email, label: a.label })),
    users,
  };
}
