import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/server/auth/passwords';
import { createResetLink } from '../src/server/auth/service';
import { FAKE_GITHUB_TOKEN, FAKE_REPOS, type FakeGithub, startFakeGithub } from './fake-github';
import { newId } from '../src/server/ids';
import { createTestContext, DEMO_PASSWORD, type DemoKey, pgMissing, type TestContext } from './context';

/**
 * Every endpoint × every role → the expected status. The table must name
 * every route the app registers, so a new endpoint without a row fails here.
 * Every body a client role, an outsider or an anonymous caller receives is
 * also searched for internal content.
 */
type Who = DemoKey | 'outsider' | 'anonymous';
const WHO: Who[] = ['admin', 'lead', 'member', 'sponsor', 'stakeholder', 'outsider', 'anonymous'];
type Expect = Record<Who, number>;

const members = (ok: number): Expect => ({ admin: 404, lead: ok, member: ok, sponsor: ok, stakeholder: ok, outsider: 404, anonymous: 401 });
const users = (ok: number): Expect => ({ admin: ok, lead: ok, member: ok, sponsor: ok, stakeholder: ok, outsider: ok, anonymous: 401 });
const everyone = (ok: number): Expect => ({ admin: ok, lead: ok, member: ok, sponsor: ok, stakeholder: ok, outsider: ok, anonymous: ok });
const adminOnly = (ok: number): Expect => ({ admin: ok, lead: 403, member: 403, sponsor: 403, stakeholder: 403, outsider: 403, anonymous: 401 });
const only = (allowed: Partial<Record<DemoKey, number>>, denied = 403): Expect => ({
  admin: 404,
  lead: allowed.lead ?? denied,
  member: allowed.member ?? denied,
  sponsor: allowed.sponsor ?? denied,
  stakeholder: allowed.stakeholder ?? denied,
  outsider: 404,
  anonymous: 401,
});

/** A partner selection's row: its members as allowed, the candidate's users (lead, member) 404 like everyone outside it. */
const inSelection = (allowed: Partial<Record<DemoKey, number>>): Expect => ({ ...only(allowed, 403), lead: 404, member: 404 });

interface Case {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  route: string;
  expect: Expect;
  /** Builds the concrete request for one caller; may create fresh objects first. */
  request: (who: Who) => Promise<{ url: string; payload?: unknown }>;
  /** Custom cookie (e.g. a throwaway session for sign-out). */
  cookie?: (who: Who) => Promise<string | undefined>;
}

const INTERNAL_MARKER = 'ZQX-internal-only-7731';

describe.skipIf(pgMissing)('authorization matrix', () => {
  let ctx: TestContext;
  let E: string;
  let outsiderCookie: string;
  let sharedNoteId: string;
  let internalNoteId: string;
  let outcomeId: string;
  let sharedRiskId: string;
  let sharedDecisionId: string;
  const leaks: string[] = [];

  const cookieOf = async (who: Who) => {
    if (who === 'anonymous') return undefined;
    if (who === 'outsider') return outsiderCookie;
    return ctx.cookieFor(who);
  };
  const lead = async (method: Case['method'], url: string, payload?: unknown) => {
    const res = await ctx.as('lead', { method, url, payload: payload as object });
    if (res.statusCode >= 300) throw new Error(`setup ${method} ${url} failed: ${res.body}`);
    return res.json();
  };
  // a stored forecast of the view the caller has (provider: 'all', client: 'shared'); the lead records both
  const freshForecast = async (who: Who) => {
    await lead('POST', `/api/v1/engagements/${E}/forecasts`, { note: 'matrix' });
    const audience = who === 'lead' || who === 'member' ? 'all' : 'shared';
    const row = await ctx.deps.db.selectFrom('forecasts').select('id').where('engagement_id', '=', E).where('audience', '=', audience).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    return row.id;
  };
  const freshNote = async (visibility = 'shared') =>
    (await lead('POST', `/api/v1/engagements/${E}/notes`, { title: `note ${newId()}`, visibility })).id as string;
  // a proposal that keeps the agreed charter's content, so accepting it keeps the decision kinds and the ladder
  const freshVersion = async () => {
    const agreed = (await lead('GET', `/api/v1/engagements/${E}/charter`)).agreed.body;
    return (await lead('POST', `/api/v1/engagements/${E}/charter/versions`, { body: { ...agreed, purpose: `v ${newId()}` } })).id as string;
  };
  const freshClientInvitation = async () =>
    (await lead('POST', `/api/v1/engagements/${E}/invitations`, { email: `inv-${newId()}@client.test`, role: 'stakeholder' })).invitation
      .id as string;
  const freshMember = async () => {
    const id = newId();
    await ctx.deps.db
      .insertInto('users')
      .values({ id, email: `m-${id}@x.test`, name: 'Temp', password_hash: null, is_admin: 0, org_id: null, created_at: new Date().toISOString(), disabled_at: null })
      .execute();
    await ctx.deps.db.insertInto('memberships').values({ engagement_id: E, user_id: id, role: 'stakeholder', created_at: new Date().toISOString() }).execute();
    return id;
  };
  const inviteToken = async () => {
    const res = await lead('POST', `/api/v1/engagements/${E}/invitations`, { email: `new-${newId()}@client.test`, role: 'stakeholder' });
    return (res.link as string).split('/invitations/')[1]!;
  };
  const freshRisk = async () =>
    (await lead('POST', `/api/v1/engagements/${E}/raid`, { type: 'risk', title: `risk ${newId()}`, probability: 2, impact: 2, owner: 'x' })).id as string;
  const decisionBody = () => ({ title: `Decide ${newId()}`, options: [{ title: 'A' }, { title: 'B' }], kind: 'scope', dueDate: '2099-01-01' });
  const freshEscalation = async () => {
    const res = await ctx.as('member', { method: 'POST', url: `/api/v1/engagements/${E}/escalations`, payload: { subjectType: 'concern', title: `concern ${newId()}` } });
    return res.json().id as string;
  };
  const deadJob = async () => {
    const id = newId();
    const now = new Date().toISOString();
    await ctx.deps.db
      .insertInto('jobs')
      .values({ id, kind: 'test.dead', payload: '{}', unique_key: null, run_at: now, status: 'dead', attempts: 5, max_attempts: 5, last_error: 'x', locked_by: null, locked_until: null, created_at: now, updated_at: now })
      .execute();
    return id;
  };
  const emailOf = (who: Who) => (who === 'outsider' ? 'outsider@other.test' : `${who}@demo.candor.dev`);

  const cases: Case[] = [
    { method: 'GET', route: '/api/v1/openapi.json', expect: everyone(200), request: async () => ({ url: '/api/v1/openapi.json' }) },
    {
      method: 'POST',
      route: '/api/v1/session',
      expect: { ...everyone(200), anonymous: 401 },
      request: async (who) => ({ url: '/api/v1/session', payload: { email: emailOf(who), password: who === 'anonymous' ? 'wrong-password' : DEMO_PASSWORD } }),
      cookie: async () => undefined,
    },
    {
      method: 'DELETE',
      route: '/api/v1/session',
      expect: everyone(200),
      request: async () => ({ url: '/api/v1/session' }),
      cookie: async (who) => {
        if (who === 'anonymous') return undefined;
        const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: emailOf(who), password: DEMO_PASSWORD } });
        return `candor_session=${res.cookies[0]!.value}`;
      },
    },
    { method: 'GET', route: '/api/v1/session', expect: users(200), request: async () => ({ url: '/api/v1/session' }) },
    { method: 'PUT', route: '/api/v1/me/password', expect: users(422), request: async () => ({ url: '/api/v1/me/password', payload: { currentPassword: 'not-my-password', newPassword: 'a-new-password-123' } }) },
    { method: 'POST', route: '/api/v1/password/forgot', expect: everyone(202), request: async (who) => ({ url: '/api/v1/password/forgot', payload: { email: emailOf(who) } }) },
    { method: 'POST', route: '/api/v1/password/reset', expect: everyone(400), request: async () => ({ url: '/api/v1/password/reset', payload: { token: 'not-a-valid-token', newPassword: 'a-new-password-123' } }) },
    { method: 'GET', route: '/api/v1/me/tokens', expect: users(200), request: async () => ({ url: '/api/v1/me/tokens' }) },
    { method: 'POST', route: '/api/v1/me/tokens', expect: users(201), request: async () => ({ url: '/api/v1/me/tokens', payload: { name: 'script' } }) },
    {
      method: 'DELETE',
      route: '/api/v1/me/tokens/:tokenId',
      expect: { ...users(404), lead: 200 },
      request: async () => ({ url: `/api/v1/me/tokens/${(await lead('POST', '/api/v1/me/tokens', { name: 't' })).token.id}` }),
    },
    // iCalendar feeds (ADR 0025): one's own feeds; the feed itself needs no session, its secret URL is the credential
    { method: 'GET', route: '/api/v1/me/calendar-feeds', expect: users(200), request: async () => ({ url: '/api/v1/me/calendar-feeds' }) },
    { method: 'POST', route: '/api/v1/me/calendar-feeds', expect: users(201), request: async () => ({ url: '/api/v1/me/calendar-feeds', payload: { name: 'phone' } }) },
    {
      method: 'DELETE',
      route: '/api/v1/me/calendar-feeds/:feedId',
      expect: { ...users(404), lead: 200 },
      request: async () => ({ url: `/api/v1/me/calendar-feeds/${(await lead('POST', '/api/v1/me/calendar-feeds', { name: 'f' })).id}` }),
    },
    {
      // each caller fetches a feed of its own (anonymous has none: an unknown token), so the leak scan reads every client role's feed
      method: 'GET',
      route: '/api/v1/calendar/:token.ics',
      expect: { ...everyone(200), anonymous: 404 },
      request: async (who) => {
        const cookie = await cookieOf(who);
        if (!cookie) return { url: '/api/v1/calendar/no-such-feed-token.ics' };
        const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/me/calendar-feeds', payload: { name: 'matrix' }, headers: { cookie } });
        return { url: new URL(res.json().url).pathname };
      },
    },
    { method: 'GET', route: '/api/v1/engagements', expect: users(200), request: async () => ({ url: '/api/v1/engagements' }) },
    {
      method: 'POST',
      route: '/api/v1/engagements',
      expect: { ...users(201), sponsor: 403, stakeholder: 403 },
      request: async () => ({ url: '/api/v1/engagements', payload: { name: 'Another engagement', clientOrgName: `Client ${newId()}` } }),
    },
    { method: 'GET', route: '/api/v1/engagements/:id', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}` }) },
    { method: 'PATCH', route: '/api/v1/engagements/:id', expect: only({ lead: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}`, payload: { summary: 'Updated summary' } }) },
    { method: 'GET', route: '/api/v1/engagements/:id/overview', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/overview` }) },
    { method: 'GET', route: '/api/v1/engagements/:id/outcomes', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/outcomes` }) },
    {
      method: 'PATCH',
      route: '/api/v1/engagements/:id/outcomes/:outcomeId',
      expect: only({ lead: 200, member: 200, sponsor: 200 }),
      request: async () => ({ url: `/api/v1/engagements/${E}/outcomes/${outcomeId}`, payload: { current: 55 } }),
    },
    { method: 'GET', route: '/api/v1/engagements/:id/charter', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/charter` }) },
    {
      method: 'POST',
      route: '/api/v1/engagements/:id/charter/versions',
      expect: only({ lead: 201, sponsor: 201 }),
      request: async () => ({ url: `/api/v1/engagements/${E}/charter/versions`, payload: { body: { purpose: 'Changed purpose' }, note: 'x' } }),
    },
    {
      method: 'POST',
      route: '/api/v1/engagements/:id/charter/versions/:versionId/accept',
      expect: only({ lead: 409, sponsor: 200 }),
      request: async () => ({ url: `/api/v1/engagements/${E}/charter/versions/${await freshVersion()}/accept` }),
    },
    {
      method: 'POST',
      route: '/api/v1/engagements/:id/charter/versions/:versionId/withdraw',
      expect: only({ lead: 200, sponsor: 200 }),
      request: async () => ({ url: `/api/v1/engagements/${E}/charter/versions/${await freshVersion()}/withdraw` }),
    },
    { method: 'GET', route: '/api/v1/engagements/:id/notes', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/notes` }) },
    { method: 'POST', route: '/api/v1/engagements/:id/notes', expect: members(201), request: async () => ({ url: `/api/v1/engagements/${E}/notes`, payload: { title: 'A shared note' } }) },
    { method: 'GET', route: '/api/v1/engagements/:id/notes/:noteId', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/notes/${sharedNoteId}` }) },
    {
      method: 'PATCH',
      route: '/api/v1/engagements/:id/notes/:noteId',
      expect: only({ lead: 200 }),
      request: async () => ({ url: `/api/v1/engagements/${E}/notes/${await freshNote()}`, payload: { title: 'Edited' } }),
    },
    {
      method: 'DELETE',
      route: '/api/v1/engagements/:id/notes/:noteId',
      expect: only({ lead: 200 }),
      request: async () => ({ url: `/api/v1/engagements/${E}/notes/${await freshNote()}` }),
    },
    { method: 'GET', route: '/api/v1/engagements/:id/members', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/members` }) },
    {
      method: 'DELETE',
      route: '/api/v1/engagements/:id/members/:userId',
      expect: only({ lead: 200 }),
      request: async () => ({ url: `/api/v1/engagements/${E}/members/${await freshMember()}` }),
    },
    { method: 'GET', route: '/api/v1/engagements/:id/invitations', expect: only({ lead: 200, sponsor: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/invitations` }) },
    {
      method: 'POST',
      route: '/api/v1/engagements/:id/invitations',
      expect: only({ lead: 201, sponsor: 201 }),
      request: async () => ({ url: `/api/v1/engagements/${E}/invitations`, payload: { email: `p-${newId()}@client.test`, role: 'stakeholder' } }),
    },
    {
      method: 'DELETE',
      route: '/api/v1/engagements/:id/invitations/:invitationId',
      expect: only({ lead: 200, sponsor: 200 }),
      request: async () => ({ url: `/api/v1/engagements/${E}/invitations/${await freshClientInvitation()}` }),
    },
    { method: 'GET', route: '/api/v1/invitations/:token', expect: everyone(200), request: async () => ({ url: `/api/v1/invitations/${await inviteToken()}` }) },
    {
      method: 'POST',
      route: '/api/v1/invitations/:token/accept',
      // A signed-in person cannot take someone else's invitation; a newcomer creates an account.
      expect: { ...users(409), anonymous: 200 },
      request: async () => ({ url: `/api/v1/invitations/${await inviteToken()}/accept`, payload: { name: 'New Person', password: 'a-long-password-1' } }),
    },
    { method: 'GET', route: '/api/v1/engagements/:id/audit', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/audit?limit=200` }) },
    { method: 'GET', route: '/api/v1/engagements/:id/audit/export', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/audit/export` }) },
    { method: 'POST', route: '/api/v1/engagements/:id/audit/verify', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/audit/verify` }) },
    { method: 'GET', route: '/api/v1/admin/audit', expect: adminOnly(200), request: async () => ({ url: '/api/v1/admin/audit' }) },
    { method: 'POST', route: '/api/v1/admin/audit/verify', expect: adminOnly(200), request: async () => ({ url: '/api/v1/admin/audit/verify' }) },
    { method: 'GET', route: '/api/v1/admin/organizations', expect: adminOnly(200), request: async () => ({ url: '/api/v1/admin/organizations' }) },
    { method: 'POST', route: '/api/v1/admin/organizations', expect: adminOnly(201), request: async () => ({ url: '/api/v1/admin/organizations', payload: { name: `Org ${newId()}`, kind: 'client' } }) },
    {
      method: 'PATCH',
      route: '/api/v1/admin/organizations/:orgId',
      expect: adminOnly(200),
      request: async () => ({ url: `/api/v1/admin/organizations/${ctx.seed.engagementId && (await ctx.deps.db.selectFrom('organizations').select('id').where('kind', '=', 'client').executeTakeFirstOrThrow()).id}`, payload: { name: `Fjord Logistics ${newId().slice(-4)}` } }),
    },
    { method: 'GET', route: '/api/v1/admin/users', expect: adminOnly(200), request: async () => ({ url: '/api/v1/admin/users' }) },
    { method: 'POST', route: '/api/v1/admin/users', expect: adminOnly(201), request: async () => ({ url: '/api/v1/admin/users', payload: { email: `u-${newId()}@x.test`, name: 'New User' } }) },
    { method: 'PATCH', route: '/api/v1/admin/users/:userId', expect: adminOnly(200), request: async () => ({ url: `/api/v1/admin/users/${ctx.seed.users.member}`, payload: { name: 'Tom Reyes' } }) },
    { method: 'POST', route: '/api/v1/admin/users/:userId/reset-link', expect: adminOnly(200), request: async () => ({ url: `/api/v1/admin/users/${ctx.seed.users.member}/reset-link` }) },
    { method: 'GET', route: '/api/v1/search', expect: users(200), request: async () => ({ url: `/api/v1/search?q=${INTERNAL_MARKER.slice(0, 8)}` }) },
    // forecasts (issue 5): each side reads the forecast of what it may see; stored views are per side
    { method: 'GET', route: '/api/v1/engagements/:id/forecast', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/forecast?trials=2000` }) },
    { method: 'POST', route: '/api/v1/engagements/:id/forecasts', expect: members(201), request: async () => ({ url: `/api/v1/engagements/${E}/forecasts`, payload: { note: 'matrix' } }) },
    { method: 'GET', route: '/api/v1/engagements/:id/forecasts', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/forecasts?all=true` }) },
    { method: 'GET', route: '/api/v1/engagements/:id/forecasts/calibration', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/forecasts/calibration?all=true` }) },
    // capacity plan (issue 18): the provider's staffing; the provider reads it, the lead writes it
    { method: 'GET', route: '/api/v1/engagements/:id/capacity-plan', expect: only({ lead: 200, member: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/capacity-plan` }) },
    {
      method: 'PUT',
      route: '/api/v1/engagements/:id/capacity-plan',
      expect: only({ lead: 200 }),
      request: async () => ({ url: `/api/v1/engagements/${E}/capacity-plan`, payload: { periods: [{ kind: 'closed', startsOn: '2026-12-23', endsOn: '2027-01-02' }] } }),
    },
    { method: 'GET', route: '/api/v1/engagements/:id/forecasts/:forecastId', expect: members(200), request: async (who) => ({ url: `/api/v1/engagements/${E}/forecasts/${await freshForecast(who)}` }) },
    // governance (issue 4)
    { method: 'GET', route: '/api/v1/engagements/:id/raid', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/raid` }) },
    { method: 'POST', route: '/api/v1/engagements/:id/raid', expect: members(201), request: async () => ({ url: `/api/v1/engagements/${E}/raid`, payload: { type: 'risk', title: 'A risk', probability: 2, impact: 3, owner: 'Someone' } }) },
    { method: 'GET', route: '/api/v1/engagements/:id/raid/:itemId', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/raid/${sharedRiskId}` }) },
    { method: 'PATCH', route: '/api/v1/engagements/:id/raid/:itemId', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/raid/${sharedRiskId}`, payload: { owner: 'Someone else' } }) },
    { method: 'POST', route: '/api/v1/engagements/:id/raid/:itemId/occur', expect: members(201), request: async () => ({ url: `/api/v1/engagements/${E}/raid/${await freshRisk()}/occur`, payload: {} }) },
    { method: 'GET', route: '/api/v1/engagements/:id/governance/summary', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/governance/summary` }) },
    { method: 'GET', route: '/api/v1/engagements/:id/people/unresolved', expect: only({ lead: 200, sponsor: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/people/unresolved` }) },
    { method: 'GET', route: '/api/v1/engagements/:id/governance/changes', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/governance/changes?since=2000-01-01T00:00:00.000Z` }) },
    { method: 'GET', route: '/api/v1/engagements/:id/decisions', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/decisions` }) },
    { method: 'POST', route: '/api/v1/engagements/:id/decisions', expect: only({ lead: 201, member: 201, sponsor: 201 }), request: async () => ({ url: `/api/v1/engagements/${E}/decisions`, payload: decisionBody() }) },
    { method: 'GET', route: '/api/v1/engagements/:id/decisions/export.md', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/decisions/export.md` }) },
    { method: 'GET', route: '/api/v1/engagements/:id/decisions/latency', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/decisions/latency` }) },
    { method: 'GET', route: '/api/v1/engagements/:id/decisions/:decisionId', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/decisions/${sharedDecisionId}` }) },
    {
      method: 'POST',
      route: '/api/v1/engagements/:id/decisions/:decisionId/decide',
      expect: only({ sponsor: 200 }), // the charter makes the sponsor accountable for scope
      request: async () => ({ url: `/api/v1/engagements/${E}/decisions/${(await lead('POST', `/api/v1/engagements/${E}/decisions`, decisionBody())).id}/decide`, payload: { outcome: 'Yes' } }),
    },
    { method: 'GET', route: '/api/v1/engagements/:id/escalations', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/escalations` }) },
    { method: 'POST', route: '/api/v1/engagements/:id/escalations', expect: members(201), request: async () => ({ url: `/api/v1/engagements/${E}/escalations`, payload: { subjectType: 'concern', title: 'A concern' } }) },
    { method: 'GET', route: '/api/v1/engagements/:id/escalations/:escalationId', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/escalations/${await freshEscalation()}` }) },
    // level 1 of the demo ladder is the lead
    { method: 'POST', route: '/api/v1/engagements/:id/escalations/:escalationId/acknowledge', expect: only({ lead: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/escalations/${await freshEscalation()}/acknowledge`, payload: {} }) },
    { method: 'POST', route: '/api/v1/engagements/:id/escalations/:escalationId/resolve', expect: only({ lead: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/escalations/${await freshEscalation()}/resolve`, payload: { outcome: 'Done' } }) },
    // raised by the member: the raiser may de-escalate too
    { method: 'POST', route: '/api/v1/engagements/:id/escalations/:escalationId/deescalate', expect: only({ lead: 200, member: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/escalations/${await freshEscalation()}/deescalate`, payload: {} }) },
    { method: 'GET', route: '/api/v1/notifications', expect: users(200), request: async () => ({ url: '/api/v1/notifications' }) },
    { method: 'GET', route: '/api/v1/notifications/unread-count', expect: users(200), request: async () => ({ url: '/api/v1/notifications/unread-count' }) },
    { method: 'GET', route: '/api/v1/engagements/:id/counts', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/counts` }) },
    { method: 'POST', route: '/api/v1/notifications/:notificationId/read', expect: users(200), request: async () => ({ url: `/api/v1/notifications/${newId()}/read` }) },
    { method: 'POST', route: '/api/v1/notifications/read-all', expect: users(200), request: async () => ({ url: '/api/v1/notifications/read-all' }) },
    // the live stream: ?once=1 sends the waiting events and closes (a stream would never end under inject)
    { method: 'GET', route: '/api/v1/events', expect: users(200), request: async () => ({ url: '/api/v1/events?once=1' }) },
    { method: 'GET', route: '/api/v1/me/notification-preferences', expect: users(200), request: async () => ({ url: '/api/v1/me/notification-preferences' }) },
    { method: 'PUT', route: '/api/v1/me/notification-preferences', expect: users(200), request: async () => ({ url: '/api/v1/me/notification-preferences', payload: { kinds: { decisions: 'both' }, digest: { day: 'mon' } } }) },
    { method: 'GET', route: '/api/v1/admin/jobs', expect: adminOnly(200), request: async () => ({ url: '/api/v1/admin/jobs' }) },
    { method: 'POST', route: '/api/v1/admin/jobs/:jobId/retry', expect: adminOnly(200), request: async () => ({ url: `/api/v1/admin/jobs/${await deadJob()}/retry` }) },
    // comments (issue 12, ADR 0020): everyone comments on what they can see; the author edits and deletes their own; reactions by anyone
    { method: 'GET', route: '/api/v1/engagements/:id/comments', expect: members(200), request: async () => ({ url: commentsOf('work_item', sharedItemId) }) },
    { method: 'POST', route: '/api/v1/engagements/:id/comments', expect: members(201), request: async () => ({ url: commentsOf('work_item', sharedItemId), payload: { body: `Comment ${newId()}` } }) },
    { method: 'PATCH', route: '/api/v1/engagements/:id/comments/:commentId', expect: members(200), request: async (who) => ({ url: `/api/v1/engagements/${E}/comments/${await freshComment(who)}`, payload: { body: `Edited ${newId()}` } }) },
    { method: 'DELETE', route: '/api/v1/engagements/:id/comments/:commentId', expect: members(200), request: async (who) => ({ url: `/api/v1/engagements/${E}/comments/${await freshComment(who)}` }) },
    { method: 'POST', route: '/api/v1/engagements/:id/comments/:commentId/reactions', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/comments/${sharedCommentId}/reactions`, payload: { reaction: 'eyes' } }) },
    { method: 'DELETE', route: '/api/v1/engagements/:id/comments/:commentId/reactions', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/comments/${sharedCommentId}/reactions?reaction=eyes` }) },
    // failure reports: the provider writes and publishes; clients read published ones and acknowledge
    { method: 'GET', route: '/api/v1/engagements/:id/failure-reports', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/failure-reports` }) },
    { method: 'POST', route: '/api/v1/engagements/:id/failure-reports', expect: only({ lead: 201, member: 201 }), request: async () => ({ url: `/api/v1/engagements/${E}/failure-reports`, payload: failureBody() }) },
    { method: 'GET', route: '/api/v1/engagements/:id/failure-reports/:reportId', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/failure-reports/${publishedReportId}` }) },
    { method: 'PATCH', route: '/api/v1/engagements/:id/failure-reports/:reportId', expect: only({ lead: 200, member: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/failure-reports/${publishedReportId}`, payload: { changes: `Changed ${newId()}` } }) },
    { method: 'POST', route: '/api/v1/engagements/:id/failure-reports/:reportId/publish', expect: only({ lead: 200, member: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/failure-reports/${await freshReport()}/publish` }) },
    { method: 'POST', route: '/api/v1/engagements/:id/failure-reports/:reportId/acknowledge', expect: only({ sponsor: 200, stakeholder: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/failure-reports/${publishedReportId}/acknowledge` }) },
    // commitments ledger: leads of both sides and provider members write (provider-side here); stakeholders read
    { method: 'GET', route: '/api/v1/engagements/:id/commitments', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/commitments` }) },
    { method: 'POST', route: '/api/v1/engagements/:id/commitments', expect: only({ lead: 201, member: 201, sponsor: 201 }), request: async () => ({ url: `/api/v1/engagements/${E}/commitments`, payload: commitmentBody() }) },
    { method: 'GET', route: '/api/v1/engagements/:id/commitments/say-do', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/commitments/say-do` }) },
    { method: 'GET', route: '/api/v1/engagements/:id/commitments/:commitmentId', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/commitments/${sharedCommitmentId}` }) },
    { method: 'PATCH', route: '/api/v1/engagements/:id/commitments/:commitmentId', expect: only({ lead: 200, member: 200, sponsor: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/commitments/${sharedCommitmentId}`, payload: { assumptions: `Assumption ${newId()}` } }) },
    { method: 'POST', route: '/api/v1/engagements/:id/commitments/:commitmentId/renegotiate', expect: only({ lead: 200, member: 200, sponsor: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/commitments/${await freshCommitment()}/renegotiate`, payload: { newDueDate: '2099-02-01', reason: 'Moved' } }) },
    { method: 'POST', route: '/api/v1/engagements/:id/commitments/:commitmentId/keep', expect: only({ lead: 200, member: 200, sponsor: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/commitments/${await freshCommitment()}/keep`, payload: {} }) },
    // status updates: everyone reads published ones, the provider reads the assembled draft, the lead writes and publishes, client roles acknowledge
    { method: 'GET', route: '/api/v1/engagements/:id/status-updates', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/status-updates` }) },
    { method: 'POST', route: '/api/v1/engagements/:id/status-updates', expect: only({ lead: 201 }), request: async () => ({ url: `/api/v1/engagements/${E}/status-updates`, payload: statusBody() }) },
    { method: 'GET', route: '/api/v1/engagements/:id/status-updates/draft', expect: only({ lead: 200, member: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/status-updates/draft` }) },
    { method: 'GET', route: '/api/v1/engagements/:id/status-updates/:updateId', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/status-updates/${await publishedStatus()}` }) },
    { method: 'PATCH', route: '/api/v1/engagements/:id/status-updates/:updateId', expect: only({ lead: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/status-updates/${await freshStatusDraft()}`, payload: { nextStep: `Next ${newId()}` } }) },
    { method: 'POST', route: '/api/v1/engagements/:id/status-updates/:updateId/publish', expect: only({ lead: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/status-updates/${await freshStatusDraft()}/publish`, payload: {} }) },
    { method: 'POST', route: '/api/v1/engagements/:id/status-updates/:updateId/acknowledge', expect: only({ sponsor: 200, stakeholder: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/status-updates/${await freshPublishedStatus()}/acknowledge`, payload: { comment: 'Read' } }) },
    // delivery (issue 3)
    { method: 'GET', route: '/api/v1/engagements/:id/delivery', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/delivery` }) },
    { method: 'GET', route: '/api/v1/engagements/:id/delivery/settings', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/delivery/settings` }) },
    { method: 'PATCH', route: '/api/v1/engagements/:id/delivery/settings', expect: only({ lead: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/delivery/settings`, payload: { clientTimeView: 'entries' } }) },
    { method: 'GET', route: '/api/v1/engagements/:id/phases', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/phases` }) },
    { method: 'POST', route: '/api/v1/engagements/:id/phases', expect: only({ lead: 201 }), request: async () => ({ url: `/api/v1/engagements/${E}/phases`, payload: phaseBody() }) },
    { method: 'GET', route: '/api/v1/engagements/:id/phases/:phaseId', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/phases/${await freshPhase()}` }) },
    { method: 'PATCH', route: '/api/v1/engagements/:id/phases/:phaseId', expect: only({ lead: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/phases/${await freshPhase()}`, payload: { goal: 'A sharper goal' } }) },
    { method: 'DELETE', route: '/api/v1/engagements/:id/phases/:phaseId', expect: only({ lead: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/phases/${await freshPhase()}` }) },
    { method: 'POST', route: '/api/v1/engagements/:id/phases/:phaseId/review', expect: only({ lead: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/phases/${await freshPhase('active')}/review`, payload: {} }) },
    // gate reviews (ADR 0015): everyone reads; the lead, members (drafts) and the sponsor answer; anyone remarks; the sponsor decides.
    // The shared review holds a provider draft carrying the internal marker: the blind scope must keep it from every client body.
    { method: 'GET', route: '/api/v1/engagements/:id/gate-reviews', expect: members(200), request: async () => {
      await openReview();
      return { url: `/api/v1/engagements/${E}/gate-reviews` };
    } },
    { method: 'GET', route: '/api/v1/engagements/:id/gate-reviews/:reviewId', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/gate-reviews/${await openReview()}` }) },
    { method: 'POST', route: '/api/v1/engagements/:id/gate-reviews/:reviewId/answers', expect: only({ lead: 200, member: 200, sponsor: 200 }), request: async (who) => ({ url: `/api/v1/engagements/${E}/gate-reviews/${await openReview()}/answers`, payload: { answers: [{ question: 'beyond_scope', score: 3, comment: who === 'sponsor' ? 'client draft' : `provider draft ${INTERNAL_MARKER}` }], submit: false } }) },
    { method: 'POST', route: '/api/v1/engagements/:id/gate-reviews/:reviewId/remarks', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/gate-reviews/${await openReview()}/remarks`, payload: { body: 'a remark' } }) },
    { method: 'POST', route: '/api/v1/engagements/:id/gate-reviews/:reviewId/decision', expect: only({ sponsor: 200 }), request: async (who) => ({ url: `/api/v1/engagements/${E}/gate-reviews/${who === 'sponsor' ? await revealedReview() : await openReview()}/decision`, payload: { decision: 'proceed', rationale: 'matrix' } }) },
    // reopening is the lead's and the sponsor's; the matrix engagement is not stopped, so the use case answers 409 after authorization
    { method: 'POST', route: '/api/v1/engagements/:id/reopen', expect: only({ lead: 409, sponsor: 409 }), request: async () => ({ url: `/api/v1/engagements/${E}/reopen`, payload: { reason: 'matrix' } }) },
    { method: 'GET', route: '/api/v1/engagements/:id/items', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/items?limit=200` }) },
    { method: 'POST', route: '/api/v1/engagements/:id/items', expect: only({ lead: 201, member: 201 }), request: async () => ({ url: `/api/v1/engagements/${E}/items`, payload: { title: 'A new item', estimate: { low: 1, likely: 2, high: 4 } } }) },
    { method: 'GET', route: '/api/v1/engagements/:id/items/export', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/items/export` }) },
    // CSV of every register (ADR 0025); the leak scan reads each client role's file
    { method: 'GET', route: '/api/v1/engagements/:id/items/export.csv', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/items/export.csv` }) },
    { method: 'GET', route: '/api/v1/engagements/:id/time-entries/export.csv', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/time-entries/export.csv` }) },
    { method: 'GET', route: '/api/v1/engagements/:id/commitments/export.csv', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/commitments/export.csv` }) },
    { method: 'GET', route: '/api/v1/engagements/:id/raid/export.csv', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/raid/export.csv` }) },
    { method: 'GET', route: '/api/v1/engagements/:id/decisions/export.csv', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/decisions/export.csv` }) },
    { method: 'GET', route: '/api/v1/engagements/:id/escalations/export.csv', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/escalations/export.csv` }) },
    { method: 'GET', route: '/api/v1/engagements/:id/status-updates/export.csv', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/status-updates/export.csv` }) },
    { method: 'GET', route: '/api/v1/engagements/:id/recommendations/export.csv', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/recommendations/export.csv` }) },
    { method: 'GET', route: '/api/v1/engagements/:id/agenda/export.csv', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/agenda/export.csv` }) },
    { method: 'GET', route: '/api/v1/engagements/:id/items/:itemId', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/items/${sharedItemId}` }) },
    { method: 'PATCH', route: '/api/v1/engagements/:id/items/:itemId', expect: only({ lead: 200, member: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/items/${sharedItemId}`, payload: { status: 'in_progress' } }) },
    { method: 'GET', route: '/api/v1/engagements/:id/time-entries', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/time-entries?limit=500` }) },
    { method: 'POST', route: '/api/v1/engagements/:id/time-entries', expect: only({ lead: 201, member: 201 }), request: async () => ({ url: `/api/v1/engagements/${E}/time-entries`, payload: { dateWorked: '2026-10-30', minutes: 5 } }) },
    { method: 'GET', route: '/api/v1/engagements/:id/time-entries/totals', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/time-entries/totals?groupBy=person` }) },
    { method: 'GET', route: '/api/v1/engagements/:id/time-entries/export', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/time-entries/export` }) },
    // the member's own entry: the member and the lead may change it
    { method: 'PATCH', route: '/api/v1/engagements/:id/time-entries/:entryId', expect: only({ lead: 200, member: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/time-entries/${await freshEntry()}`, payload: { minutes: 10 } }) },
    { method: 'DELETE', route: '/api/v1/engagements/:id/time-entries/:entryId', expect: only({ lead: 200, member: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/time-entries/${await freshEntry()}` }) },
    { method: 'GET', route: '/api/v1/engagements/:id/time-locks', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/time-locks` }) },
    { method: 'POST', route: '/api/v1/engagements/:id/time-locks', expect: only({ lead: 201 }), request: async () => ({ url: `/api/v1/engagements/${E}/time-locks`, payload: lockBody() }) },
    { method: 'DELETE', route: '/api/v1/engagements/:id/time-locks/:lockId', expect: only({ lead: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/time-locks/${(await lead('POST', `/api/v1/engagements/${E}/time-locks`, lockBody())).id}` }) },
    { method: 'GET', route: '/api/v1/engagements/:id/budget', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/budget` }) },
    { method: 'PUT', route: '/api/v1/engagements/:id/budget', expect: only({ lead: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/budget`, payload: { hours: 1600, amount: 176000, currency: 'EUR' } }) },
    // rates are provider-only until the lead shares them
    { method: 'GET', route: '/api/v1/engagements/:id/rates', expect: only({ lead: 200, member: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/rates` }) },
    { method: 'PUT', route: '/api/v1/engagements/:id/rates', expect: only({ lead: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/rates`, payload: { rates: [{ role: 'lead', hourlyRate: 125, currency: 'EUR' }, { role: 'member', hourlyRate: 105, currency: 'EUR' }] } }) },
    { method: 'GET', route: '/api/v1/engagements/:id/progress/:chart', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/progress/outcomes` }) },
    { method: 'GET', route: '/api/v1/engagements/:id/progress/:chart/csv', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/progress/burnup/csv` }) },
    { method: 'POST', route: '/api/v1/engagements/:id/imports', expect: only({ lead: 201 }), request: async () => ({ url: `/api/v1/engagements/${E}/imports?source=jira`, payload: `Issue id,Summary\n1,Item ${INTERNAL_MARKER}\n` }) },
    { method: 'POST', route: '/api/v1/engagements/:id/imports/github', expect: only({ lead: 201 }), request: async () => ({ url: `/api/v1/engagements/${E}/imports/github`, payload: { repository: FAKE_REPOS.ok, token: FAKE_GITHUB_TOKEN } }) },
    { method: 'GET', route: '/api/v1/engagements/:id/imports', expect: only({ lead: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/imports` }) },
    { method: 'GET', route: '/api/v1/engagements/:id/imports/:importId', expect: only({ lead: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/imports/${importId}` }) },
    { method: 'PATCH', route: '/api/v1/engagements/:id/imports/:importId', expect: only({ lead: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/imports/${importId}`, payload: { options: { defaultBillable: true } } }) },
    { method: 'POST', route: '/api/v1/engagements/:id/imports/:importId/run', expect: only({ lead: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/imports/${importId}/run`, payload: { dryRun: true } }) },
    // communication coach (issue 13): any signed-in user checks text; with an engagement (its glossary) only its members
    { method: 'POST', route: '/api/v1/coach', expect: users(200), request: async () => ({ url: '/api/v1/coach', payload: { text: 'We will send it soon.', audience: 'client' } }) },
    { method: 'POST', route: '/api/v1/coach/dismissals', expect: users(201), request: async () => ({ url: '/api/v1/coach/dismissals', payload: { category: 'vague-time', rule: 'time-without-date', reason: 'matrix' } }) },
    { method: 'GET', route: '/api/v1/admin/coach/dismissals', expect: adminOnly(200), request: async () => ({ url: '/api/v1/admin/coach/dismissals' }) },
    { method: 'GET', route: '/api/v1/engagements/:id/glossary', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/glossary` }) },
    { method: 'POST', route: '/api/v1/engagements/:id/glossary', expect: only({ lead: 201 }), request: async () => ({ url: `/api/v1/engagements/${E}/glossary`, payload: { term: `Term ${newId()}`, explanation: 'A plain explanation' } }) },
    { method: 'PATCH', route: '/api/v1/engagements/:id/glossary/:termId', expect: only({ lead: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/glossary/${await freshTerm()}`, payload: { explanation: 'Clearer' } }) },
    { method: 'DELETE', route: '/api/v1/engagements/:id/glossary/:termId', expect: only({ lead: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/glossary/${await freshTerm()}` }) },
    // future agenda (issue 11, ADR 0018): everyone reads and raises entries; the author or the lead edits; the lead and the sponsor record a review
    { method: 'GET', route: '/api/v1/engagements/:id/agenda', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/agenda` }) },
    { method: 'POST', route: '/api/v1/engagements/:id/agenda', expect: members(201), request: async () => ({ url: `/api/v1/engagements/${E}/agenda`, payload: { kind: 'idea', title: `Idea ${newId()}` } }) },
    { method: 'GET', route: '/api/v1/engagements/:id/agenda/reviews', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/agenda/reviews` }) },
    {
      method: 'POST',
      route: '/api/v1/engagements/:id/agenda/reviews',
      expect: only({ lead: 201, sponsor: 201 }),
      request: async () => ({ url: `/api/v1/engagements/${E}/agenda/reviews`, payload: { heldOn: ctx.deps.clock.now().toISOString().slice(0, 10), discussed: 'Matrix review', outcomes: [{ entryId: await freshAgendaEntry(), decision: 'keep' }] } }),
    },
    { method: 'GET', route: '/api/v1/engagements/:id/agenda/:entryId', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/agenda/${sharedAgendaEntryId}` }) },
    { method: 'PATCH', route: '/api/v1/engagements/:id/agenda/:entryId', expect: only({ lead: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/agenda/${await freshAgendaEntry()}`, payload: { details: `Details ${newId()}` } }) },
    // recommendations ledger (issue 11, ADR 0017): everyone reads; the provider recommends and edits; the sponsor answers
    { method: 'GET', route: '/api/v1/engagements/:id/recommendations', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/recommendations` }) },
    { method: 'POST', route: '/api/v1/engagements/:id/recommendations', expect: only({ lead: 201, member: 201 }), request: async () => ({ url: `/api/v1/engagements/${E}/recommendations`, payload: recommendationBody() }) },
    { method: 'GET', route: '/api/v1/engagements/:id/recommendations/ledger', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/recommendations/ledger` }) },
    // trust index (issue 14, ADR 0022): every member reads the same numbers
    { method: 'GET', route: '/api/v1/engagements/:id/trust', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/trust` }) },
    // engagement report (issue 16, ADR 0024): every member generates their own role's report (client roles: shared content only)
    { method: 'GET', route: '/api/v1/engagements/:id/report', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/report?from=2026-10-01&to=2026-11-02` }) },
    { method: 'GET', route: '/api/v1/engagements/:id/report.pdf', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/report.pdf?from=2026-10-01` }) },
    { method: 'GET', route: '/api/v1/engagements/:id/reports', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/reports` }) },
    { method: 'GET', route: '/api/v1/engagements/:id/recommendations/:recommendationId', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/recommendations/${sharedRecommendationId}` }) },
    { method: 'PATCH', route: '/api/v1/engagements/:id/recommendations/:recommendationId', expect: only({ lead: 200, member: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/recommendations/${await freshRecommendation()}`, payload: { benefit: `Benefit ${newId()}` } }) },
    { method: 'POST', route: '/api/v1/engagements/:id/recommendations/:recommendationId/response', expect: only({ sponsor: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/recommendations/${await freshRecommendation()}/response`, payload: { response: 'accepted', reason: '' } }) },
    // Partner selection (issue 15, ADR 0023): the sponsor owns, the stakeholder evaluates; everyone else — the
    // candidate's users (lead, member), another organization's user, the admin — gets 404
    { method: 'GET', route: '/api/v1/selections', expect: users(200), request: async () => ({ url: '/api/v1/selections' }) },
    { method: 'POST', route: '/api/v1/selections', expect: { ...adminOnly(403), sponsor: 201, stakeholder: 201 }, request: async () => ({ url: '/api/v1/selections', payload: { title: `Selection ${newId()}` } }) },
    { method: 'GET', route: '/api/v1/selection-directory', expect: { ...adminOnly(403), sponsor: 200, stakeholder: 200 }, request: async () => ({ url: '/api/v1/selection-directory' }) },
    { method: 'GET', route: '/api/v1/selections/:selectionId', expect: inSelection({ sponsor: 200, stakeholder: 200 }), request: async () => ({ url: `/api/v1/selections/${(await freshSelection()).id}` }) },
    { method: 'PUT', route: '/api/v1/selections/:selectionId/criteria', expect: inSelection({ sponsor: 200 }), request: async () => ({ url: `/api/v1/selections/${(await freshSelection()).id}/criteria`, payload: { criteria: [{ key: 'business_understanding', label: 'Business', weight: 60 }, { key: 'risk_openness', label: 'Risks', weight: 40 }] } }) },
    { method: 'POST', route: '/api/v1/selections/:selectionId/candidates', expect: inSelection({ sponsor: 201 }), request: async () => ({ url: `/api/v1/selections/${(await freshSelection()).id}/candidates`, payload: { name: `Candidate ${newId()}` } }) },
    { method: 'POST', route: '/api/v1/selections/:selectionId/evaluators', expect: inSelection({ sponsor: 201 }), request: async () => ({ url: `/api/v1/selections/${(await freshSelection()).id}/evaluators`, payload: { userId: ctx.seed.users.sponsor } }) },
    { method: 'POST', route: '/api/v1/selections/:selectionId/scores', expect: inSelection({ stakeholder: 200 }), request: async () => { const s = await freshSelection(); return { url: `/api/v1/selections/${s.id}/scores`, payload: { candidateId: s.candidateId, scores: [{ criterion: 'risk_openness', score: 3, comment: '' }] } }; } },
    { method: 'GET', route: '/api/v1/selections/:selectionId/results', expect: inSelection({ sponsor: 200, stakeholder: 200 }), request: async () => ({ url: `/api/v1/selections/${(await scoredSelection()).id}/results` }) },
    { method: 'POST', route: '/api/v1/selections/:selectionId/candidates/:candidateId/evidence', expect: inSelection({ sponsor: 201, stakeholder: 201 }), request: async () => { const s = await freshSelection(); return { url: `/api/v1/selections/${s.id}/candidates/${s.candidateId}/evidence`, payload: { kind: 'note', title: 'Workshop', body: 'Notes' } }; } },
    { method: 'GET', route: '/api/v1/selections/:selectionId/candidates/:candidateId/evidence/:evidenceId/file', expect: inSelection({ sponsor: 200, stakeholder: 200 }), request: async () => { const s = await freshSelection(); const e = await asSponsor('POST', `/api/v1/selections/${s.id}/candidates/${s.candidateId}/evidence`, { kind: 'document', title: 'Proposal', fileName: 'p.txt', contentType: 'text/plain', data: Buffer.from('proposal').toString('base64') }); return { url: `/api/v1/selections/${s.id}/candidates/${s.candidateId}/evidence/${e.id}/file` }; } },
    { method: 'POST', route: '/api/v1/selections/:selectionId/candidates/:candidateId/red-flags', expect: inSelection({ sponsor: 201, stakeholder: 201 }), request: async () => { const s = await freshSelection(); return { url: `/api/v1/selections/${s.id}/candidates/${s.candidateId}/red-flags`, payload: { kind: 'hours_and_rates_only', evidence: 'Only rates in the proposal' } }; } },
    { method: 'PUT', route: '/api/v1/selections/:selectionId/red-flag-rules', expect: inSelection({ sponsor: 200 }), request: async () => ({ url: `/api/v1/selections/${(await freshSelection()).id}/red-flag-rules`, payload: { rules: [{ kind: 'unclear_governance', effect: 'exclude' }] } }) },
    { method: 'POST', route: '/api/v1/selections/:selectionId/decision', expect: inSelection({ sponsor: 200 }), request: async () => { const s = await scoredSelection(); return { url: `/api/v1/selections/${s.id}/decision`, payload: { candidateId: s.candidateId, reasons: 'Best fit' } }; } },
    { method: 'POST', route: '/api/v1/selections/:selectionId/invitation', expect: inSelection({ sponsor: 201 }), request: async () => ({ url: `/api/v1/selections/${(await decidedSelection()).id}/invitation`, payload: {} }) },
    { method: 'POST', route: '/api/v1/selections/:selectionId/candidates/:candidateId/result-share', expect: inSelection({ sponsor: 201 }), request: async () => { const s = await decidedSelection(); return { url: `/api/v1/selections/${s.id}/candidates/${s.candidateId}/result-share`, payload: { message: 'Thank you' } }; } },
    { method: 'GET', route: '/api/v1/selections/:selectionId/result-shares', expect: inSelection({ sponsor: 200, stakeholder: 200 }), request: async () => ({ url: `/api/v1/selections/${(await freshSelection()).id}/result-shares` }) },
    // per user: each provider organization reads only what was shared with it (checked in the selections API test)
    { method: 'GET', route: '/api/v1/selection-feedback', expect: users(200), request: async () => ({ url: '/api/v1/selection-feedback' }) },
    { method: 'GET', route: '/api/v1/selection-invitations/:token', expect: everyone(200), request: async () => ({ url: `/api/v1/selection-invitations/${await selectionToken()}` }) },
    { method: 'POST', route: '/api/v1/selection-invitations/:token/accept', expect: { admin: 200, lead: 200, member: 200, sponsor: 403, stakeholder: 403, outsider: 403, anonymous: 401 }, request: async () => ({ url: `/api/v1/selection-invitations/${await selectionToken()}/accept`, payload: {} }) },
    { method: 'GET', route: '/api/v1/engagements/:id/selection-baseline', expect: members(200), request: async () => ({ url: `/api/v1/engagements/${E}/selection-baseline` }) },
    // webhooks (issue 16, ADR 0026): the lead manages the provider side's endpoints, the sponsor the client side's
    { method: 'GET', route: '/api/v1/engagements/:id/webhooks', expect: only({ lead: 200, sponsor: 200 }), request: async () => ({ url: `/api/v1/engagements/${E}/webhooks` }) },
    { method: 'POST', route: '/api/v1/engagements/:id/webhooks', expect: only({ lead: 201, sponsor: 201 }), request: async () => ({ url: `/api/v1/engagements/${E}/webhooks`, payload: webhookBody() }) },
    { method: 'GET', route: '/api/v1/engagements/:id/webhooks/:webhookId', expect: only({ lead: 200, sponsor: 200 }), request: async (who) => ({ url: `/api/v1/engagements/${E}/webhooks/${await webhookOf(who)}` }) },
    { method: 'PATCH', route: '/api/v1/engagements/:id/webhooks/:webhookId', expect: only({ lead: 200, sponsor: 200 }), request: async (who) => ({ url: `/api/v1/engagements/${E}/webhooks/${await webhookOf(who)}`, payload: { events: ['*'] } }) },
    { method: 'DELETE', route: '/api/v1/engagements/:id/webhooks/:webhookId', expect: only({ lead: 200, sponsor: 200 }), request: async (who) => ({ url: `/api/v1/engagements/${E}/webhooks/${who === 'lead' || who === 'sponsor' ? await freshWebhook(who) : await webhookOf(who)}` }) },
    { method: 'POST', route: '/api/v1/engagements/:id/webhooks/:webhookId/rotate-secret', expect: only({ lead: 200, sponsor: 200 }), request: async (who) => ({ url: `/api/v1/engagements/${E}/webhooks/${await webhookOf(who)}/rotate-secret` }) },
    { method: 'GET', route: '/api/v1/engagements/:id/webhooks/:webhookId/deliveries', expect: only({ lead: 200, sponsor: 200 }), request: async (who) => ({ url: `/api/v1/engagements/${E}/webhooks/${await webhookOf(who)}/deliveries` }) },
    { method: 'POST', route: '/api/v1/engagements/:id/webhooks/:webhookId/test', expect: only({ lead: 202, sponsor: 202 }), request: async (who) => ({ url: `/api/v1/engagements/${E}/webhooks/${await webhookOf(who)}/test` }) },
    { method: 'POST', route: '/api/v1/engagements/:id/webhooks/:webhookId/deliveries/:attemptId/redeliver', expect: only({ lead: 202, sponsor: 202 }), request: async (who) => { const d = await webhookDelivery(who); return { url: `/api/v1/engagements/${E}/webhooks/${d.webhookId}/deliveries/${d.attemptId}/redeliver` }; } },

  ];
  // webhook helpers: the caller's side's endpoint (the client side's for client roles, the provider side's for everyone else)
  const webhookBody = () => ({ url: `https://hooks.example.test/candor/${newId()}`, events: ['*'] });
  const webhookOwner = (who: Who): DemoKey => (who === 'sponsor' || who === 'stakeholder' ? 'sponsor' : 'lead');
  const webhookIds: Partial<Record<DemoKey, string>> = {};
  const freshWebhook = async (owner: DemoKey) => {
    const res = await ctx.as(owner, { method: 'POST', url: `/api/v1/engagements/${E}/webhooks`, payload: webhookBody() });
    if (res.statusCode !== 201) throw new Error(`setup webhook failed: ${res.body}`);
    return res.json().id as string;
  };
  const webhookOf = async (who: Who) => {
    const owner = webhookOwner(who);
    webhookIds[owner] ??= await freshWebhook(owner);
    return webhookIds[owner];
  };
  // a finished delivery of the caller's side's endpoint (a test event, marked failed as if it had been tried)
  const webhookDelivery = async (who: Who) => {
    const webhookId = await webhookOf(who);
    const res = await ctx.as(webhookOwner(who), { method: 'POST', url: `/api/v1/engagements/${E}/webhooks/${webhookId}/test` });
    if (res.statusCode !== 202) throw new Error(`setup webhook test failed: ${res.body}`);
    const attemptId = res.json().attemptId as string;
    await ctx.deps.db.updateTable('webhook_attempts').set({ status: 'failed' }).where('id', '=', attemptId).execute();
    return { webhookId, attemptId };
  };
  // recommendations helpers
  // partner selection helpers: a fresh selection owned by the sponsor, the stakeholder its evaluator, Brightline a candidate
  const asSponsor = async (method: Case['method'], url: string, payload?: unknown) => {
    const res = await ctx.as('sponsor', { method, url, payload: payload as object });
    if (res.statusCode >= 300) throw new Error(`setup ${method} ${url} failed: ${res.body}`);
    return res.json();
  };
  const freshSelection = async () => {
    const s = await asSponsor('POST', '/api/v1/selections', { title: `Selection ${newId()}`, criteria: [{ key: 'risk_openness', label: 'Risks', weight: 100 }] });
    await asSponsor('POST', `/api/v1/selections/${s.id}/evaluators`, { userId: ctx.seed.users.stakeholder });
    const brightline = (await asSponsor('GET', '/api/v1/selection-directory')).providers.find((p: { name: string }) => p.name === 'Brightline Software');
    const c = await asSponsor('POST', `/api/v1/selections/${s.id}/candidates`, { providerOrgId: brightline.id });
    return { id: s.id as string, candidateId: c.id as string };
  };
  const scoredSelection = async () => {
    const s = await freshSelection();
    const res = await ctx.as('stakeholder', { method: 'POST', url: `/api/v1/selections/${s.id}/scores`, payload: { candidateId: s.candidateId, scores: [{ criterion: 'risk_openness', score: 4, comment: '' }], submit: true } });
    if (res.statusCode !== 200) throw new Error(`setup: scores failed: ${res.body}`);
    return s;
  };
  const decidedSelection = async () => {
    const s = await scoredSelection();
    await asSponsor('POST', `/api/v1/selections/${s.id}/decision`, { candidateId: s.candidateId, reasons: 'Best fit' });
    return s;
  };
  const selectionToken = async () => {
    const inv = await asSponsor('POST', `/api/v1/selections/${(await decidedSelection()).id}/invitation`, {});
    return (inv.link as string).split('/selection-invitations/')[1]!;
  };
  let sharedRecommendationId: string;
  const recommendationBody = () => ({ kind: 'do', title: `Recommend ${newId()}`, recommendation: 'We recommend this, because it helps.' });
  const freshRecommendation = async () => (await lead('POST', `/api/v1/engagements/${E}/recommendations`, recommendationBody())).id as string;
  const freshTerm = async () => (await lead('POST', `/api/v1/engagements/${E}/glossary`, { term: `Term ${newId()}`, explanation: 'x' })).id as string;

  // future agenda helpers
  let sharedAgendaEntryId: string;
  const freshAgendaEntry = async () => (await lead('POST', `/api/v1/engagements/${E}/agenda`, { kind: 'need', title: `Need ${newId()}` })).id as string;

  // comments and failure reports helpers
  let sharedCommentId: string;
  let publishedReportId: string;
  const commentsOf = (type: string, id: string) => `/api/v1/engagements/${E}/comments?subjectType=${type}&subjectId=${id}`;
  // a comment by the caller (the author edits and deletes); callers who cannot comment get the lead's
  const freshComment = async (who: Who) => {
    const by = who === 'lead' || who === 'member' || who === 'sponsor' || who === 'stakeholder' ? who : 'lead';
    return (await ctx.as(by, { method: 'POST', url: commentsOf('work_item', sharedItemId), payload: { body: `Mine ${newId()}` } })).json().id as string;
  };
  const failureBody = () => ({ title: `Failure ${newId()}`, whatHappened: 'x', clientImpact: 'y', cause: 'z', changes: 'w' });
  const freshReport = async () => (await lead('POST', `/api/v1/engagements/${E}/failure-reports`, failureBody())).id as string;
  // commitments helpers
  let sharedCommitmentId: string;
  const commitmentBody = () => ({ side: 'provider', title: `Deliver ${newId()}`, dueDate: '2099-01-01' });
  const freshCommitment = async () => (await lead('POST', `/api/v1/engagements/${E}/commitments`, commitmentBody())).id as string;
  // status-update helpers: an at-risk draft of the assembled text (drafted after the internal marker content exists)
  let sharedStatusId: string | undefined;
  const statusBody = () => ({ markdown: `Update ${newId()}`, health: 'at_risk', reason: 'Carrier C is late.', nextStep: 'Workshop on Tuesday.', internalNote: INTERNAL_MARKER });
  const freshStatusDraft = async () => (await lead('POST', `/api/v1/engagements/${E}/status-updates`, { ...statusBody(), markdown: (await lead('GET', `/api/v1/engagements/${E}/status-updates/draft`)).markdown })).id as string;
  const freshPublishedStatus = async () => (await lead('POST', `/api/v1/engagements/${E}/status-updates/${await freshStatusDraft()}/publish`, {})).id as string;
  const publishedStatus = async () => (sharedStatusId ??= await freshPublishedStatus());

  // delivery helpers (issue 3)
  let sharedItemId: string;
  let importId: string;
  let github: FakeGithub; // a local stand-in for the GitHub API (imports from a repository)
  let lockWeek = 0;
  const phaseBody = () => ({ name: `Phase ${newId()}`, plannedStart: '2026-12-01', plannedEnd: '2026-12-15', exitCriteria: [{ text: 'Done' }] });
  const freshPhase = async (status?: 'active') => {
    const id = (await lead('POST', `/api/v1/engagements/${E}/phases`, phaseBody())).id as string;
    if (status) await lead('PATCH', `/api/v1/engagements/${E}/phases/${id}`, { status });
    return id;
  };
  let sharedReview: string | null = null;
  /** One open gate review for every row (its provider draft carries the internal marker). */
  const openReview = async () => {
    if (!sharedReview) {
      sharedReview = (await lead('POST', `/api/v1/engagements/${E}/phases/${await freshPhase('active')}/review`, {})).gateReviewId as string;
      await lead('POST', `/api/v1/engagements/${E}/gate-reviews/${sharedReview}/answers`, { answers: [{ question: 'risk_openness', score: 2, comment: INTERNAL_MARKER }], submit: false });
    }
    return sharedReview;
  };
  const all4 = ['business_understanding', 'collaboration_clarity', 'risk_openness', 'outcomes_focus', 'proactive_communication', 'beyond_scope'].map((question) => ({ question, score: 4, comment: '' }));
  /** A gate review both sides have submitted, ready for the sponsor's decision. */
  const revealedReview = async () => {
    const id = (await lead('POST', `/api/v1/engagements/${E}/phases/${await freshPhase('active')}/review`, {})).gateReviewId as string;
    await lead('POST', `/api/v1/engagements/${E}/gate-reviews/${id}/answers`, { answers: all4, submit: true });
    const res = await ctx.as('sponsor', { method: 'POST', url: `/api/v1/engagements/${E}/gate-reviews/${id}/answers`, payload: { answers: all4, submit: true } });
    if (res.statusCode !== 200) throw new Error(`setup: sponsor answers failed: ${res.body}`);
    return id;
  };
  const freshEntry = async () => {
    const res = await ctx.as('member', { method: 'POST', url: `/api/v1/engagements/${E}/time-entries`, payload: { dateWorked: '2026-10-29', minutes: 5 } });
    return res.json().id as string;
  };
  const lockBody = () => {
    const start = new Date(Date.UTC(2027, 0, 4) + lockWeek++ * 7 * 86_400_000).toISOString().slice(0, 10);
    return { periodStart: start, periodEnd: start, note: 'Invoiced' };
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    E = ctx.seed.engagementId;
    // An outsider: a provider-organization user with no membership here.
    const org = newId();
    await ctx.deps.db.insertInto('organizations').values({ id: org, name: 'Other Agency', kind: 'provider', created_at: new Date().toISOString() }).execute();
    await ctx.deps.db
      .insertInto('users')
      .values({ id: newId(), email: 'outsider@other.test', name: 'Olga Outsider', password_hash: await hashPassword(DEMO_PASSWORD), is_admin: 0, org_id: org, created_at: new Date().toISOString(), disabled_at: null })
      .execute();
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'outsider@other.test', password: DEMO_PASSWORD } });
    outsiderCookie = `candor_session=${res.cookies[0]!.value}`;
    sharedNoteId = await freshNote();
    internalNoteId = (await lead('POST', `/api/v1/engagements/${E}/notes`, { title: `Plan ${INTERNAL_MARKER}`, body: `Body ${INTERNAL_MARKER}`, visibility: 'internal' })).id;
    outcomeId = (await lead('GET', `/api/v1/engagements/${E}/outcomes`)).outcomes[0].id;
    sharedRiskId = await freshRisk();
    sharedDecisionId = (await lead('POST', `/api/v1/engagements/${E}/decisions`, decisionBody())).id;
    // internal governance content carrying the marker, so the leak scan covers it
    await lead('POST', `/api/v1/engagements/${E}/raid`, { type: 'risk', title: `Margin ${INTERNAL_MARKER}`, probability: 5, impact: 5, owner: 'x', visibility: 'internal' });
    await lead('POST', `/api/v1/engagements/${E}/decisions`, { ...decisionBody(), title: `Staffing ${INTERNAL_MARKER}`, visibility: 'internal' });
    await lead('POST', `/api/v1/engagements/${E}/escalations`, { subjectType: 'concern', title: `Overtime ${INTERNAL_MARKER}`, visibility: 'internal' });
    // an internal commitment carrying the marker (renegotiated, so its reason, event and notifications exist too)
    sharedCommitmentId = await freshCommitment();
    const secretCommitment = (
      await lead('POST', `/api/v1/engagements/${E}/commitments`, { side: 'provider', title: `Buffer ${INTERNAL_MARKER}`, details: INTERNAL_MARKER, assumptions: INTERNAL_MARKER, dueDate: '2099-01-01', visibility: 'internal' })
    ).id;
    await lead('POST', `/api/v1/engagements/${E}/commitments/${secretCommitment}/renegotiate`, { newDueDate: '2099-03-01', reason: `Reason ${INTERNAL_MARKER}` });
    // an internal recommendation draft carrying the marker, edited (a second version), so its versions and records exist too
    sharedRecommendationId = await freshRecommendation();
    const secretRecommendation = (
      await lead('POST', `/api/v1/engagements/${E}/recommendations`, { kind: 'dont', title: `Skip ${INTERNAL_MARKER}`, recommendation: `We recommend ${INTERNAL_MARKER}`, benefit: INTERNAL_MARKER, avoidedHours: 8, visibility: 'internal' })
    ).id;
    await lead('PATCH', `/api/v1/engagements/${E}/recommendations/${secretRecommendation}`, { riskOfNotActing: `Risk ${INTERNAL_MARKER}` });
    // an internal agenda draft carrying the marker, decided in a (shared) review, so its outcome and records exist too
    sharedAgendaEntryId = await freshAgendaEntry();
    const secretEntry = (await lead('POST', `/api/v1/engagements/${E}/agenda`, { kind: 'idea', title: `Retainer ${INTERNAL_MARKER}`, details: INTERNAL_MARKER, visibility: 'internal' })).id;
    await lead('POST', `/api/v1/engagements/${E}/agenda/reviews`, { heldOn: ctx.deps.clock.now().toISOString().slice(0, 10), discussed: 'Reviewed both', outcomes: [{ entryId: secretEntry, decision: 'keep' }, { entryId: await freshAgendaEntry(), decision: 'drop' }] });
    // internal delivery content carrying the marker, so the leak scan covers it
    sharedItemId = (await lead('POST', `/api/v1/engagements/${E}/items`, { title: 'A shared item' })).id;
    // an internal comment on a shared item and an internal failure-report draft carrying the marker
    sharedCommentId = (await lead('POST', commentsOf('work_item', sharedItemId), { body: 'A shared comment' })).id;
    await lead('POST', commentsOf('work_item', sharedItemId), { body: `Margin ${INTERNAL_MARKER}`, internal: true });
    await lead('POST', `/api/v1/engagements/${E}/failure-reports`, { ...failureBody(), title: `Draft ${INTERNAL_MARKER}`, cause: INTERNAL_MARKER });
    publishedReportId = await freshReport();
    await lead('POST', `/api/v1/engagements/${E}/failure-reports/${publishedReportId}/publish`);
    const secretItem = (await lead('POST', `/api/v1/engagements/${E}/items`, { title: `Spike ${INTERNAL_MARKER}`, description: INTERNAL_MARKER, visibility: 'internal', externalRef: INTERNAL_MARKER })).id;
    await lead('POST', `/api/v1/engagements/${E}/time-entries`, { dateWorked: '2026-10-28', minutes: 45, workItemId: secretItem, note: `Rework ${INTERNAL_MARKER}`, visibility: 'internal' });
    importId = (await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${E}/imports?source=jira`, headers: { 'content-type': 'text/csv' }, payload: `Issue id,Summary\n1,Item ${INTERNAL_MARKER}\n` })).json().id;
    void createResetLink;
    github = await startFakeGithub();
    ctx.deps.config.githubApiUrl = github.url;
  });
  afterAll(async () => {
    await ctx?.close();
    await github?.close();
  });

  it('names every registered route', () => {
    const registered = ctx.app.routeList
      .filter((r) => r.url.startsWith('/api/'))
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    const covered = cases.map((c) => `${c.method} ${c.route}`).sort();
    expect(registered.filter((r) => !covered.includes(r))).toEqual([]);
    expect(covered.filter((c) => !registered.includes(c))).toEqual([]);
  });

  for (const c of cases) {
    it(`${c.method} ${c.route}`, async () => {
      const got: Partial<Record<Who, number>> = {};
      for (const who of WHO) {
        const { url, payload } = await c.request(who);
        const cookie = c.cookie ? await c.cookie(who) : await cookieOf(who);
        const res = await ctx.app.inject({ method: c.method, url, payload: payload as object, headers: cookie ? { cookie } : {} });
        got[who] = res.statusCode;
        if (who !== 'lead' && who !== 'member' && res.body.includes(INTERNAL_MARKER)) leaks.push(`${who} ${c.method} ${url}`);
        if (res.statusCode >= 400) {
          const body = res.json();
          expect(body.error?.code, `${who} ${c.method} ${url}: error shape`).toBeTypeOf('string');
          expect(body.error?.message).toBeTypeOf('string');
        }
      }
      expect(got).toEqual(c.expect);
    });
  }

  it('the internal note reaches provider roles only', async () => {
    for (const who of ['lead', 'member'] as const) {
      const res = await ctx.as(who, { method: 'GET', url: `/api/v1/engagements/${E}/notes/${internalNoteId}` });
      expect(res.statusCode).toBe(200);
    }
    for (const who of ['sponsor', 'stakeholder'] as const) {
      const res = await ctx.as(who, { method: 'GET', url: `/api/v1/engagements/${E}/notes/${internalNoteId}` });
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain(INTERNAL_MARKER);
    }
    // and the provider's search does find it, so the absence above is the policy, not a broken search
    const found = await ctx.as('member', { method: 'GET', url: `/api/v1/search?q=${INTERNAL_MARKER}` });
    expect(found.body).toContain(INTERNAL_MARKER);
  });

  it('no client role, outsider or anonymous response contained internal content', () => {
    expect(leaks).toEqual([]);
  });
});
