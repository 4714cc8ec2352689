import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, pgMissing, type TestContext } from '../../../test/context';
import { mailText, startSmtp } from '../../../test/smtp';

describe.skipIf(pgMissing)('invitations', () => {
  let ctx: TestContext;
  let E: string;
  const tokenOf = (link: string) => link.split('/invitations/')[1]!;
  beforeAll(async () => {
    ctx = await createTestContext();
    E = ctx.seed.engagementId;
  });
  afterAll(() => ctx?.close());

  it('without SMTP the inviter gets the link; a newcomer accepts and lands in the client organization', async () => {
    const res = await ctx.as('sponsor', { method: 'POST', url: `/api/v1/engagements/${E}/invitations`, payload: { email: 'Kari@Fjord.example', role: 'stakeholder' } });
    expect(res.statusCode).toBe(201);
    const { invitation, emailed, link } = res.json();
    expect(emailed).toBe(false);
    expect(invitation.email).toBe('kari@fjord.example');
    const preview = await ctx.app.inject({ method: 'GET', url: `/api/v1/invitations/${tokenOf(link)}` });
    expect(preview.json()).toMatchObject({ engagementName: 'Customer portal replatforming', role: 'stakeholder', accountExists: false });
    const missing = await ctx.app.inject({ method: 'POST', url: `/api/v1/invitations/${tokenOf(link)}/accept`, payload: {} });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.details.map((d: { field: string }) => d.field)).toEqual(['name', 'password']);
    const accepted = await ctx.app.inject({ method: 'POST', url: `/api/v1/invitations/${tokenOf(link)}/accept`, payload: { name: 'Kari Nordmann', password: 'kari-password-1' } });
    expect(accepted.statusCode).toBe(200);
    const cookie = `candor_session=${accepted.cookies[0]!.value}`;
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/engagements', headers: { cookie } });
    expect(list.json().engagements[0]).toMatchObject({ id: E, myRole: 'stakeholder', mySide: 'client' });
    const user = await ctx.deps.db.selectFrom('users').innerJoin('organizations', 'organizations.id', 'users.org_id').select('organizations.kind').where('email', '=', 'kari@fjord.example').executeTakeFirstOrThrow();
    expect(user.kind).toBe('client');
    const reuse = await ctx.app.inject({ method: 'POST', url: `/api/v1/invitations/${tokenOf(link)}/accept`, payload: { name: 'Again', password: 'kari-password-1' } });
    expect(reuse.statusCode).toBe(404);
  });

  it('a sponsor cannot invite to the provider side; nobody invites an existing member', async () => {
    const provider = await ctx.as('sponsor', { method: 'POST', url: `/api/v1/engagements/${E}/invitations`, payload: { email: 'x@y.example', role: 'member' } });
    expect(provider.statusCode).toBe(403);
    const dup = await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${E}/invitations`, payload: { email: 'member@demo.candor.dev', role: 'member' } });
    expect(dup.statusCode).toBe(409);
    const wrongSide = await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${E}/invitations`, payload: { email: 'member@demo.candor.dev', role: 'sponsor' } });
    expect(wrongSide.statusCode).toBe(409);
  });

  it('revoked and expired invitations do not work', async () => {
    const a = (await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${E}/invitations`, payload: { email: 'a@fjord.example', role: 'stakeholder' } })).json();
    await ctx.as('lead', { method: 'DELETE', url: `/api/v1/engagements/${E}/invitations/${a.invitation.id}` });
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/invitations/${tokenOf(a.link)}` })).statusCode).toBe(404);
    const b = (await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${E}/invitations`, payload: { email: 'b@fjord.example', role: 'stakeholder', expiresInDays: 1 } })).json();
    ctx.clock.advance(25 * 3600_000);
    const late = await ctx.app.inject({ method: 'POST', url: `/api/v1/invitations/${tokenOf(b.link)}/accept`, payload: { name: 'B', password: 'b-password-12' } });
    expect(late.statusCode).toBe(404);
    expect(late.json().error.code).toBe('invitation_invalid');
    const list = (await ctx.as('lead', { method: 'GET', url: `/api/v1/engagements/${E}/invitations` })).json().invitations;
    const statuses = Object.fromEntries(list.map((i: { email: string; status: string }) => [i.email, i.status]));
    expect(statuses).toMatchObject({ 'a@fjord.example': 'revoked', 'b@fjord.example': 'expired', 'kari@fjord.example': 'accepted' });
  });

  it('an existing account must sign in as the invited e-mail', async () => {
    const inv = (await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${E}/invitations`, payload: { email: 'admin@demo.candor.dev', role: 'member' } })).json();
    const anon = await ctx.app.inject({ method: 'POST', url: `/api/v1/invitations/${tokenOf(inv.link)}/accept`, payload: {} });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().error.code).toBe('sign_in_required');
    const asAdmin = await ctx.as('admin', { method: 'POST', url: `/api/v1/invitations/${tokenOf(inv.link)}/accept`, payload: {} });
    expect(asAdmin.statusCode).toBe(200);
    const overview = await ctx.as('admin', { method: 'GET', url: `/api/v1/engagements/${E}/overview` });
    expect(overview.statusCode).toBe(200);
  });
});

describe.skipIf(pgMissing)('invitation e-mail over a real SMTP server', () => {
  it('sends the link by e-mail and does not show it to the inviter', async () => {
    const smtp = await startSmtp();
    const ctx = await createTestContext({ smtpUrl: smtp.url });
    try {
      const res = await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${ctx.seed.engagementId}/invitations`, payload: { email: 'new.person@fjord.example', role: 'sponsor' } });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ emailed: true, link: null });
      expect(smtp.mails).toHaveLength(1);
      expect(smtp.mails[0]!.to).toEqual(['new.person@fjord.example']);
      const text = mailText(smtp.mails[0]!.raw);
      const link = /http:\/\/candor\.test\/invitations\/[A-Za-z0-9_-]+/.exec(text)?.[0];
      expect(link).toBeTruthy();
      const preview = await ctx.app.inject({ method: 'GET', url: `/api/v1/invitations/${link!.split('/invitations/')[1]}` });
      expect(preview.statusCode).toBe(200);
      // nothing of the engagement's content travels in the e-mail
      expect(text).not.toContain('staffing');
    } finally {
      await ctx.close();
      await smtp.stop();
    }
  });
});
