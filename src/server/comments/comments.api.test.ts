import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type DemoKey, pgMissing, type TestContext } from '../../../test/context';
import { registerSubject, SUBJECTS } from './subjects';

interface Comment {
  visibility: string;
  edited: boolean;
  deleted: boolean;
  deletedBy: { name: string } | null;
  reactions: unknown[];
}

describe.skipIf(pgMissing)('comments and mentions', () => {
  let ctx: TestContext;
  let E: string;
  let sharedItem: string;
  let internalItem: string;
  const thread = (type: string, id: string) => `/api/v1/engagements/${E}/comments?subjectType=${type}&subjectId=${id}`;
  const one = (id: string, tail = '') => `/api/v1/engagements/${E}/comments/${id}${tail}`;
  const call = (who: DemoKey, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) => ctx.as(who, { method, url, ...(payload ? { payload } : {}) });
  const post = async (who: DemoKey, type: string, id: string, body: object) => {
    const res = await call(who, 'POST', thread(type, id), body);
    if (res.statusCode !== 201) throw new Error(`comment failed: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const notificationsOf = async (who: DemoKey) => (await call(who, 'GET', '/api/v1/notifications?limit=200')).json().notifications as { kind: string; title: string; body: string; link: string }[];
  const user = (k: DemoKey) => ctx.seed.users[k];

  beforeAll(async () => {
    ctx = await createTestContext();
    E = ctx.seed.engagementId;
    sharedItem = (await call('lead', 'POST', `/api/v1/engagements/${E}/items`, { title: 'Carrier sync' })).json().id;
    internalItem = (await call('lead', 'POST', `/api/v1/engagements/${E}/items`, { title: 'Margin spike', visibility: 'internal' })).json().id;
  });
  afterAll(() => ctx?.close());

  it('the demo seed has threads: mentions, reactions, an edit, a tombstone, and an internal aside only the provider sees', async () => {
    const item = (await ctx.deps.db.selectFrom('work_items').select('id').where('title', '=', 'Polling service for carriers C, D and E').executeTakeFirstOrThrow()).id;
    const forLead = (await call('lead', 'GET', thread('work_item', item))).json().comments as Comment[];
    const forSponsor = (await call('sponsor', 'GET', thread('work_item', item))).json().comments as Comment[];
    expect(forLead).toHaveLength(3);
    expect(forSponsor).toHaveLength(2);
    expect(forLead.filter((c) => c.visibility === 'internal')).toHaveLength(1);
    expect(forSponsor.some((c) => c.reactions.length === 2)).toBe(true);
    const issue = (await ctx.deps.db.selectFrom('raid_items').select('id').where('title', '=', 'Staging VPN drops every night').executeTakeFirstOrThrow()).id;
    const vpn = (await call('sponsor', 'GET', thread('raid_item', issue))).json().comments as Comment[];
    expect(vpn.map((c) => [c.edited, c.deleted])).toEqual([[true, false], [false, true], [false, false]]);
    expect(vpn[1]!.deletedBy?.name).toBe('Sam Patel');
  });

  it('both sides comment on a shared item; a mention notifies the member; the thread reads in order', async () => {
    const c1 = await post('sponsor', 'work_item', sharedItem, { body: `Looks good, @[Maya Okafor](${user('lead')}) — **ship it**` });
    expect(c1.visibility).toBe('shared');
    expect(c1.mentions.map((m: { id: string }) => m.id)).toEqual([user('lead')]);
    const c2 = await post('member', 'work_item', sharedItem, { body: 'Will do', mentions: [user('stakeholder')] });
    const got = (await call('stakeholder', 'GET', thread('work_item', sharedItem))).json();
    expect(got.comments.map((c: { id: string }) => c.id)).toEqual([c1.id, c2.id]);
    expect(got.canMarkInternal).toBe(false);
    const leadNews = await notificationsOf('lead');
    const mention = leadNews.find((n) => n.kind === 'comment.mention');
    expect(mention?.title).toBe('Ingrid Halvorsen mentioned you on the work item “Carrier sync”');
    expect(mention?.body).toBe('Looks good, @Maya Okafor — **ship it**');
    expect(mention?.link).toBe(`/engagements/${E}/items/${sharedItem}`);
    expect((await notificationsOf('stakeholder')).some((n) => n.kind === 'comment.mention' && n.body === 'Will do')).toBe(true);
  });

  it('an internal comment on a shared item stays provider-side by every path', async () => {
    const secret = 'ZQX-comment-secret-44';
    const c = await post('lead', 'work_item', sharedItem, { body: `Margin note ${secret}`, internal: true, mentions: [user('member')] });
    expect(c.visibility).toBe('internal');
    expect((await call('member', 'GET', thread('work_item', sharedItem))).body).toContain(secret);
    expect((await call('member', 'GET', `/api/v1/engagements/${E}/audit?limit=200`)).body).toContain(secret);
    expect((await notificationsOf('member')).some((n) => n.body.includes(secret))).toBe(true);
    for (const who of ['sponsor', 'stakeholder'] as const) {
      for (const url of [thread('work_item', sharedItem), one(c.id), `/api/v1/engagements/${E}/audit?limit=200`, '/api/v1/notifications?limit=200', `/api/v1/search?q=${secret}`]) {
        const res = await call(who, 'GET', url);
        expect(res.body, `${who} ${url}`).not.toContain(secret);
      }
      // editing, deleting or reacting to it: 404, as if it did not exist
      expect((await call(who, 'PATCH', one(c.id), { body: 'x' })).statusCode).toBe(404);
      expect((await call(who, 'DELETE', one(c.id))).statusCode).toBe(404);
      expect((await call(who, 'POST', one(c.id, '/reactions'), { reaction: 'eyes' })).statusCode).toBe(404);
    }
    // clients may not mark a comment internal
    const refused = await call('sponsor', 'POST', thread('work_item', sharedItem), { body: 'x', internal: true });
    expect(refused.statusCode).toBe(403);
  });

  it('a comment on an internal item is internal, and the item is 404 for clients', async () => {
    const c = await post('member', 'work_item', internalItem, { body: 'on the internal spike' });
    expect(c.visibility).toBe('internal');
    expect(c.markedInternal).toBe(false);
    for (const who of ['sponsor', 'stakeholder'] as const) {
      expect((await call(who, 'GET', thread('work_item', internalItem))).statusCode).toBe(404);
      const res = await call(who, 'POST', thread('work_item', internalItem), { body: 'hello?' });
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('Margin spike');
    }
  });

  it('refuses mentions of non-members, of clients in internal comments, and unknown subjects, naming the field', async () => {
    const stranger = await call('lead', 'POST', thread('work_item', sharedItem), { body: 'hi', mentions: [user('lead'), user('admin')] });
    expect(stranger.statusCode).toBe(422);
    expect(stranger.json().error.details[0].field).toBe('mentions.1');
    const inBody = await call('lead', 'POST', thread('work_item', sharedItem), { body: `hi @[Ada](${user('admin')})` });
    expect(inBody.json().error.details[0].field).toBe('body');
    const clientInInternal = await call('lead', 'POST', thread('work_item', sharedItem), { body: 'hi', internal: true, mentions: [user('sponsor')] });
    expect(clientInInternal.statusCode).toBe(422);
    expect(clientInInternal.json().error.details[0].field).toBe('mentions.0');
    expect((await call('lead', 'GET', thread('work_item', 'no-such-item'))).statusCode).toBe(404);
    expect((await call('lead', 'GET', thread('nonsense', sharedItem))).statusCode).toBe(400);
    const empty = await call('lead', 'POST', thread('work_item', sharedItem), { body: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(JSON.stringify(empty.json().error.details)).toContain('body');
    // nothing was written by the refused attempts
    const count = await ctx.deps.db.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n')).where('body', '=', 'hi').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('editing keeps the history; only the author edits; delete leaves a tombstone and the audit record', async () => {
    const c = await post('stakeholder', 'work_item', sharedItem, { body: 'First words' });
    expect((await call('sponsor', 'PATCH', one(c.id), { body: 'Not mine' })).statusCode).toBe(403);
    const edited = (await call('stakeholder', 'PATCH', one(c.id), { body: 'Second words' })).json();
    expect(edited.edited).toBe(true);
    expect(edited.body).toBe('Second words');
    expect(edited.history.map((h: { body: string }) => h.body)).toEqual(['First words']);
    expect((await call('member', 'DELETE', one(c.id))).statusCode).toBe(403);
    const gone = (await call('lead', 'DELETE', one(c.id))).json();
    expect(gone).toMatchObject({ deleted: true, body: null, deletedBy: { name: 'Maya Okafor' }, history: [] });
    const row = (await call('sponsor', 'GET', thread('work_item', sharedItem))).json().comments.find((x: { id: string }) => x.id === c.id);
    expect(row.deleted).toBe(true);
    expect(row.deletedBy.name).toBe('Maya Okafor');
    const audit = await ctx.deps.db.selectFrom('audit_log').select(['action', 'payload']).where('object_id', '=', c.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['comment.created', 'comment.edited', 'comment.deleted']);
    expect(audit[2]!.payload).toContain('Second words');
    expect((await call('stakeholder', 'PATCH', one(c.id), { body: 'back?' })).statusCode).toBe(422);
  });

  it('a comment whose item was made internal afterwards is internal in every later write: no client mention, no shared audit record', async () => {
    const item = (await call('lead', 'POST', `/api/v1/engagements/${E}/items`, { title: 'Becomes internal QZ-7' })).json().id as string;
    const c = await post('lead', 'work_item', item, { body: 'Estimate looks thin' });
    expect((await call('lead', 'PATCH', `/api/v1/engagements/${E}/items/${item}`, { visibility: 'internal' })).statusCode).toBe(200);
    const mention = await call('lead', 'PATCH', one(c.id), { body: `Estimate looks thin @[Ingrid](${user('sponsor')})`, mentions: [user('sponsor')] });
    expect(mention.statusCode).toBe(422);
    expect((await call('lead', 'PATCH', one(c.id), { body: 'Estimate looks thin, margin at risk' })).statusCode).toBe(200);
    expect((await call('member', 'POST', one(c.id, '/reactions'), { reaction: 'eyes' })).statusCode).toBe(200);
    expect((await call('lead', 'DELETE', one(c.id))).statusCode).toBe(200);
    const records = await ctx.deps.db.selectFrom('audit_log').select(['action', 'visibility']).where('object_id', '=', c.id).orderBy('seq').execute();
    expect(records.filter((r) => r.action !== 'comment.created').map((r) => [r.action, r.visibility])).toEqual([
      ['comment.edited', 'internal'],
      ['comment.reacted', 'internal'],
      ['comment.deleted', 'internal'],
    ]);
    const audit = (await call('sponsor', 'GET', `/api/v1/engagements/${E}/audit?limit=200`)).body;
    // what was said after the item became internal (its title was shared before, and stays in those earlier records)
    expect(audit).not.toContain('margin at risk');
  });

  it('reactions: a fixed set, one per person each, counted', async () => {
    const c = await post('member', 'work_item', sharedItem, { body: 'Deployed' });
    await call('sponsor', 'POST', one(c.id, '/reactions'), { reaction: 'tada' });
    await call('sponsor', 'POST', one(c.id, '/reactions'), { reaction: 'tada' });
    const after = (await call('stakeholder', 'POST', one(c.id, '/reactions'), { reaction: 'tada' })).json();
    expect(after.reactions).toEqual([{ reaction: 'tada', emoji: '🎉', count: 2, mine: true, people: ['Ingrid Halvorsen', 'Sam Patel'] }]);
    const back = (await call('stakeholder', 'DELETE', one(c.id, '/reactions?reaction=tada'))).json();
    expect(back.reactions[0].count).toBe(1);
    expect((await call('sponsor', 'POST', one(c.id, '/reactions'), { reaction: 'rocket' })).statusCode).toBe(400);
  });

  it('threads on every registered kind of object, each loaded through its own scoped read', async () => {
    const risk = (await call('lead', 'POST', `/api/v1/engagements/${E}/raid`, { type: 'risk', title: 'R', probability: 2, impact: 2, owner: 'x' })).json().id;
    const decision = (await call('lead', 'GET', `/api/v1/engagements/${E}/decisions`)).json().decisions[0].id;
    const commitment = (await call('lead', 'GET', `/api/v1/engagements/${E}/commitments`)).json().commitments[0].id;
    const phase = (await call('lead', 'GET', `/api/v1/engagements/${E}/phases`)).json().phases[0].id;
    const update = (await ctx.deps.db.selectFrom('status_updates').select('id').where('visibility', '=', 'shared').executeTakeFirstOrThrow()).id;
    const recommendation = (await ctx.deps.db.selectFrom('recommendations').select('id').where('visibility', '=', 'shared').executeTakeFirstOrThrow()).id;
    for (const [type, id] of [['raid_item', risk], ['decision', decision], ['commitment', commitment], ['phase', phase], ['status_update', update], ['recommendation', recommendation]] as const) {
      const c = await post('sponsor', type, id, { body: `on ${type}` });
      expect(c.subjectType).toBe(type);
      // the subject id of one kind is not a subject of another
      expect((await call('sponsor', 'GET', thread(type === 'phase' ? 'decision' : 'phase', id))).statusCode).toBe(404);
    }
  });

  it('a subject can be blind: each side sees its own comments until it says otherwise', async () => {
    let blind = true;
    const before = SUBJECTS.phase!;
    registerSubject('phase', { ...before, blindUntil: async () => blind });
    try {
      const phase = (await call('lead', 'GET', `/api/v1/engagements/${E}/phases`)).json().phases[1].id;
      const p = await post('member', 'phase', phase, { body: 'provider view' });
      const c = await post('sponsor', 'phase', phase, { body: 'client view' });
      const forLead = (await call('lead', 'GET', thread('phase', phase))).json();
      expect(forLead.comments.map((x: { body: string }) => x.body)).toEqual(['provider view']);
      expect(forLead.hiddenUntilRevealed).toBe(1);
      expect((await call('lead', 'GET', one(c.id))).statusCode).toBe(404);
      expect((await call('stakeholder', 'GET', thread('phase', phase))).json().comments.map((x: { body: string }) => x.body)).toEqual(['client view']);
      // a mention across the sides while blind is refused (they could not read it)
      expect((await call('sponsor', 'POST', thread('phase', phase), { body: 'x', mentions: [user('lead')] })).json().error.details[0].field).toBe('mentions.0');
      // the activity log of the other side does not carry the words
      const audit = await ctx.deps.db.selectFrom('audit_log').select('payload').where('object_id', '=', c.id).executeTakeFirstOrThrow();
      expect(audit.payload).not.toContain('client view');
      blind = false;
      const open = (await call('lead', 'GET', thread('phase', phase))).json();
      expect(open.comments.map((x: { id: string }) => x.id)).toEqual([p.id, c.id]);
    } finally {
      registerSubject('phase', before);
    }
  });
});
