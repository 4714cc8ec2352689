import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyExport } from '../../domain/audit/chain';
import { createTestContext, pgMissing, type TestContext } from '../../../test/context';

describe.skipIf(pgMissing)('audit log: a hash chain per engagement', () => {
  let ctx: TestContext;
  let E: string;
  beforeAll(async () => {
    ctx = await createTestContext();
    E = ctx.seed.engagementId;
  });
  afterAll(() => ctx?.close());

  it('concurrent writes stay gap-free and correctly chained', async () => {
    const before = (await ctx.deps.db.selectFrom('audit_heads').select('seq').where('chain_id', '=', E).executeTakeFirstOrThrow()).seq;
    const writes = Array.from({ length: 40 }, (_, i) =>
      ctx.as(i % 2 ? 'lead' : 'sponsor', { method: 'POST', url: `/api/v1/engagements/${E}/notes`, payload: { title: `parallel ${i}` } }),
    );
    const results = await Promise.all(writes);
    expect(results.map((r) => r.statusCode).every((s) => s === 201)).toBe(true);
    const seqs = (await ctx.deps.db.selectFrom('audit_log').select('seq').where('chain_id', '=', E).orderBy('seq').execute()).map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: before + 40 }, (_, i) => i + 1));
    const verify = await ctx.as('stakeholder', { method: 'POST', url: `/api/v1/engagements/${E}/audit/verify` });
    expect(verify.json()).toMatchObject({ ok: true, records: before + 40 });
  });

  const internalRecords = async () =>
    (await ctx.deps.db.selectFrom('audit_log').select('seq').where('chain_id', '=', E).where('visibility', '=', 'internal').execute()).length;

  it("a client's export redacts internal records to seq, time and payload hash, and still verifies", async () => {
    const res = await ctx.as('sponsor', { method: 'GET', url: `/api/v1/engagements/${E}/audit/export` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/x-ndjson');
    const lines = res.body.trim().split('\n').map((l) => JSON.parse(l));
    const redacted = lines.filter((l) => l.type === 'redacted');
    // the internal demo notes, and the demo's internal delivery records (internal items, rates, internal time)
    expect(redacted.length).toBe(await internalRecords());
    expect(redacted.length).toBeGreaterThanOrEqual(2);
    for (const r of redacted) expect(Object.keys(r).sort()).toEqual(['at', 'chain', 'payloadHash', 'seq', 'type']);
    expect(res.body).not.toContain('Internal: staffing risk');
    expect(res.body).not.toContain('second backend developer');
    expect(res.body).not.toContain('Internal:');
    expect(verifyExport(res.body)).toMatchObject({ ok: true });
    const full = await ctx.as('lead', { method: 'GET', url: `/api/v1/engagements/${E}/audit/export` });
    expect(full.body).toContain('Internal: staffing risk');
    expect(verifyExport(full.body)).toMatchObject({ ok: true });
  });

  it('a tampered export fails at the record that was changed', async () => {
    const res = await ctx.as('sponsor', { method: 'GET', url: `/api/v1/engagements/${E}/audit/export` });
    const tampered = res.body.replace('Kick-off workshop', 'Kick-off meeting');
    const result = verifyExport(tampered);
    expect(result.ok).toBe(false);
    const seq = res.body
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .find((l) => l.type === 'record' && JSON.stringify(l.payload).includes('Kick-off workshop')).seq;
    expect(result).toMatchObject({ ok: false, seq });
  });

  it('the activity list shows client roles internal records only as redacted rows', async () => {
    // the whole chain, page by page (the demo's history is longer than one page)
    const entries: { redacted: boolean; seq: number }[] = [];
    for (let cursor: string | null = null; ; ) {
      const page: { entries: { redacted: boolean; seq: number }[]; nextCursor: string | null } = (await ctx.as('stakeholder', { method: 'GET', url: `/api/v1/engagements/${E}/audit?limit=200${cursor ? `&before=${cursor}` : ''}` })).json();
      entries.push(...page.entries);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(entries.at(-1)!.seq).toBe(1);
    const redacted = entries.filter((e) => e.redacted);
    expect(redacted).toHaveLength(await internalRecords());
    expect(redacted[0]).toMatchObject({ actor: null, action: null, object: null, before: null, after: null });
    const first = (await ctx.as('stakeholder', { method: 'GET', url: `/api/v1/engagements/${E}/audit?limit=5` })).json();
    const second = (await ctx.as('stakeholder', { method: 'GET', url: `/api/v1/engagements/${E}/audit?limit=5&before=${first.nextCursor}` })).json();
    expect(second.entries[0].seq).toBe(first.entries.at(-1).seq - 1);
  });

  it('a change made behind the application is detected, naming the record', async () => {
    const target = await ctx.deps.db
      .selectFrom('audit_log')
      .select(['seq'])
      .where('chain_id', '=', E)
      .where('action', '=', 'note.created')
      .orderBy('seq')
      .executeTakeFirstOrThrow();
    await sql`update audit_log set payload = replace(payload, 'Kick-off', 'Kick-out') where chain_id = ${E} and seq = ${target.seq}`.execute(ctx.deps.db);
    const verify = (await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${E}/audit/verify` })).json();
    expect(verify).toMatchObject({ ok: false, seq: target.seq });
    expect(verify.reason).toContain('payload');
  });

  it('flipping the visibility column of an internal record neither leaks it nor passes verification', async () => {
    const internal = await ctx.deps.db
      .selectFrom('audit_log')
      .select(['seq'])
      .where('chain_id', '=', E)
      .where('visibility', '=', 'internal')
      .orderBy('seq')
      .executeTakeFirstOrThrow();
    await sql`update audit_log set visibility = 'shared' where chain_id = ${E} and seq = ${internal.seq}`.execute(ctx.deps.db);
    const exported = await ctx.as('sponsor', { method: 'GET', url: `/api/v1/engagements/${E}/audit/export` });
    expect(exported.body).not.toContain('Internal: staffing risk');
    const page = await ctx.as('sponsor', { method: 'GET', url: `/api/v1/engagements/${E}/audit?limit=200` });
    expect(page.body).not.toContain('Internal: staffing risk');
    await sql`update audit_log set payload = replace(payload, 'Kick-out', 'Kick-off') where chain_id = ${E}`.execute(ctx.deps.db);
    const verify = (await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${E}/audit/verify` })).json();
    expect(verify).toMatchObject({ ok: false, seq: internal.seq });
    expect(verify.reason).toContain('visibility');
  });

  it('removing the newest records is detected through the chain head', async () => {
    const other = await ctx.as('lead', { method: 'POST', url: '/api/v1/engagements', payload: { name: 'Second', clientOrgName: 'Other Client' } });
    const id = other.json().id;
    await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${id}/notes`, payload: { title: 'one' } });
    expect((await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${id}/audit/verify` })).json().ok).toBe(true);
    await sql`delete from audit_log where chain_id = ${id} and seq = 2`.execute(ctx.deps.db);
    const verify = (await ctx.as('lead', { method: 'POST', url: `/api/v1/engagements/${id}/audit/verify` })).json();
    expect(verify).toMatchObject({ ok: false });
    expect(verify.reason).toContain('head');
  });
});
