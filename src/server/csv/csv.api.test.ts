import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type DemoKey, pgMissing, type TestContext } from '../../../test/context';

const CANARY = 'ZQX-csv-internal-8802';
const FORMULA = '=HYPERLINK("http://evil.test","click")';

/** Each register: its CSV path, its JSON list and how to get the ids the list shows. */
interface Register {
  name: string;
  csv: string;
  list: string;
  // biome-ignore lint/suspicious/noExplicitAny: each list has its own shape
  ids: (body: any) => string[];
}
const REGISTERS: Register[] = [
  { name: 'items', csv: '/items/export.csv', list: '/items?limit=200', ids: (b) => b.items.map((x: { id: string }) => x.id) },
  { name: 'time', csv: '/time-entries/export.csv', list: '/time-entries?limit=200', ids: (b) => b.entries.map((x: { id: string }) => x.id) },
  { name: 'commitments', csv: '/commitments/export.csv', list: '/commitments', ids: (b) => b.commitments.map((x: { id: string }) => x.id) },
  { name: 'raid', csv: '/raid/export.csv', list: '/raid', ids: (b) => b.items.map((x: { id: string }) => x.id) },
  { name: 'decisions', csv: '/decisions/export.csv', list: '/decisions', ids: (b) => b.decisions.map((x: { id: string }) => x.id) },
  { name: 'escalations', csv: '/escalations/export.csv', list: '/escalations', ids: (b) => b.escalations.map((x: { id: string }) => x.id) },
  { name: 'status-updates', csv: '/status-updates/export.csv', list: '/status-updates', ids: (b) => b.updates.map((x: { id: string }) => x.id) },
  { name: 'recommendations', csv: '/recommendations/export.csv', list: '/recommendations', ids: (b) => b.recommendations.map((x: { id: string }) => x.id) },
  { name: 'agenda', csv: '/agenda/export.csv', list: '/agenda', ids: (b) => b.entries.map((x: { id: string }) => x.id) },
];

describe.skipIf(pgMissing)('CSV exports of every register', () => {
  let ctx: TestContext;
  let E: string;
  const api = (p: string) => `/api/v1/engagements/${E}${p}`;
  const lead = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
    const res = await ctx.as('lead', { method, url, ...(payload ? { payload } : {}) });
    expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300);
    return res.json();
  };
  const csvOf = async (who: DemoKey, path: string) => {
    const res = await ctx.as(who, { method: 'GET', url: api(path) });
    expect(res.statusCode, res.body).toBe(200);
    return { res, rows: parse(res.body, { columns: true }) as Record<string, string>[] };
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    E = ctx.seed.engagementId;
    // internal canaries in every register
    const item = await lead('POST', api('/items'), { title: `Spike ${CANARY}`, visibility: 'internal' });
    await lead('POST', api('/time-entries'), { dateWorked: '2026-10-28', minutes: 30, workItemId: item.id, note: `Rework ${CANARY}`, visibility: 'internal' });
    await lead('POST', api('/commitments'), { side: 'provider', title: `Margin ${CANARY}`, dueDate: '2026-11-20', visibility: 'internal' });
    await lead('POST', api('/raid'), { type: 'risk', title: `Attrition ${CANARY}`, probability: 3, impact: 4, owner: { name: 'HR', external: true }, visibility: 'internal' });
    const kinds = ((await lead('GET', api('/charter'))).agreed.body.collaboration?.decisions ?? []).map((d: { kind: string }) => d.kind) as string[];
    await lead('POST', api('/decisions'), { title: `Pricing ${CANARY}`, options: [{ title: 'A' }], kind: kinds[0] ?? 'scope', dueDate: '2026-11-25', visibility: 'internal' });
    await lead('POST', api('/escalations'), { subjectType: 'concern', title: `Staffing ${CANARY}`, visibility: 'internal' });
    await lead('POST', api('/escalations'), { subjectType: 'concern', title: 'Test environment keeps failing' });
    await lead('POST', api('/status-updates'), { markdown: 'Draft', health: 'at_risk', reason: `Draft ${CANARY}`, nextStep: 'Call' });
    await lead('POST', api('/recommendations'), { kind: 'dont', title: `Skip ${CANARY}`, recommendation: `We recommend skipping ${CANARY}, because it is not needed`, avoidedHours: 8, visibility: 'internal' });
    await lead('POST', api('/agenda'), { kind: 'idea', title: `Retainer ${CANARY}`, visibility: 'internal' });
    // a shared cell that a spreadsheet would run as a formula
    await lead('POST', api('/commitments'), { side: 'provider', title: FORMULA, details: '+SUM(1,2)', dueDate: '2026-11-21' });
    // a formula after a line break: a bare LF or CR left unquoted starts a new row in a spreadsheet, whose cell is the formula
    await lead('POST', api('/commitments'), { side: 'provider', title: 'Two lines', details: 'Line one\n=1+2', assumptions: 'Line one\r@SUM(1,2)', dueDate: '2026-11-22' });
  }, 180_000);
  afterAll(() => ctx?.close());

  for (const r of REGISTERS) {
    it(`${r.name}: the same rows as the register's own list, for the lead and the sponsor; internal content for the provider only`, async () => {
      const seen: Record<string, string> = {};
      for (const who of ['lead', 'sponsor'] as const) {
        const { res, rows } = await csvOf(who, r.csv);
        expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
        expect(res.headers['content-disposition']).toBe(`attachment; filename="candor-${r.name}-${E}.csv"`);
        expect(res.body.charCodeAt(0)).not.toBe(0xfeff);
        expect(res.body.endsWith('\r\n')).toBe(true);
        const list = (await ctx.as(who, { method: 'GET', url: api(r.list) })).json();
        expect(rows.map((x) => x.id).sort(), `${who} ${r.name}`).toEqual(r.ids(list).sort());
        expect(Object.keys(rows[0] ?? { id: '' })).toContain('id');
        // the provider sees a visibility column, a client does not
        if (rows[0]) expect('visibility' in rows[0]).toBe(who === 'lead');
        seen[who] = res.body;
      }
      expect(seen.lead).toContain(CANARY);
      expect(seen.sponsor).not.toContain(CANARY);
      expect(rowsCount(seen.sponsor!)).toBeGreaterThan(0);
    });
  }

  it('the stakeholder, a client role too, gets no internal content from any register', async () => {
    for (const r of REGISTERS) {
      const res = await ctx.as('stakeholder', { method: 'GET', url: api(r.csv) });
      expect(res.statusCode).toBe(200);
      expect(res.body, r.name).not.toContain(CANARY);
    }
  });

  it('neutralises formula injection: text starting with = + - @ is prefixed with an apostrophe', async () => {
    const { rows } = await csvOf('sponsor', '/commitments/export.csv');
    const row = rows.find((x) => x.title?.includes('HYPERLINK'))!;
    expect(row.title).toBe(`'${FORMULA}`);
    expect(row.details).toBe("'+SUM(1,2)");
    // text with a line break is quoted (one cell), so what follows the break never begins a row of its own
    const res = await ctx.as('sponsor', { method: 'GET', url: api('/commitments/export.csv') });
    expect(res.body).toContain('"Line one\n=1+2"');
    expect(res.body).toContain('"Line one\r@SUM(1,2)"');
    // read as a spreadsheet does (a bare LF or CR ends a row outside quotes): still one row per commitment, each cell whole
    const strict = parse(res.body, { columns: true, record_delimiter: ['\r\n', '\n', '\r'] }) as Record<string, string>[];
    expect(strict.find((x) => x.title === 'Two lines')).toMatchObject({ details: 'Line one\n=1+2', assumptions: 'Line one\r@SUM(1,2)' });
    // numbers stay numbers
    const { rows: items } = await csvOf('lead', '/items/export.csv');
    expect(items.every((i) => !i.actual_h?.startsWith("'"))).toBe(true);
  });

  it('?bom=1 starts the file with a UTF-8 byte-order mark for Excel', async () => {
    const res = await ctx.as('sponsor', { method: 'GET', url: api('/raid/export.csv?bom=1') });
    expect(res.statusCode).toBe(200);
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const plain = await ctx.as('sponsor', { method: 'GET', url: api('/raid/export.csv?bom=0') });
    expect(plain.rawPayload[0]).toBe('i'.charCodeAt(0));
    expect(parse(res.body, { columns: true, bom: true })).toEqual(parse(plain.body, { columns: true }));
  });

  it("takes the list's own filters", async () => {
    const { rows } = await csvOf('lead', '/raid/export.csv?type=dependency');
    const list = (await ctx.as('lead', { method: 'GET', url: api('/raid?type=dependency') })).json();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((x) => x.id)).toEqual(list.items.map((x: { id: string }) => x.id));
    expect(new Set(rows.map((x) => x.type))).toEqual(new Set(['dependency']));
    const kept = await csvOf('sponsor', '/commitments/export.csv?status=outstanding&side=provider');
    expect(kept.rows.every((x) => x.side === 'provider' && ['open', 'renegotiated'].includes(x.status!))).toBe(true);
    // a client asking for internal rows gets none
    expect((await csvOf('sponsor', '/raid/export.csv?visibility=internal')).rows).toEqual([]);
  });

  it('refuses bad input naming the field, and is 404 for non-members', async () => {
    const bad = await ctx.as('lead', { method: 'GET', url: api('/raid/export.csv?bom=maybe') });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('bom');
    const unknown = await ctx.as('lead', { method: 'GET', url: api('/agenda/export.csv?colour=red') });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0].field).toBe('colour');
    const admin = await ctx.as('admin', { method: 'GET', url: api('/decisions/export.csv') });
    expect(admin.statusCode).toBe(404);
    expect(admin.body).not.toContain(CANARY);
    expect((await ctx.as(null, { method: 'GET', url: api('/decisions/export.csv') })).statusCode).toBe(401);
  });

  it('the older items/export and time-entries/export paths give the same files', async () => {
    for (const [old, now] of [
      ['/items/export', '/items/export.csv'],
      ['/time-entries/export', '/time-entries/export.csv'],
    ] as const) {
      for (const who of ['lead', 'sponsor'] as const) {
        const a = await ctx.as(who, { method: 'GET', url: api(`${old}?status=done`) });
        const b = await ctx.as(who, { method: 'GET', url: api(now) });
        expect(a.statusCode).toBe(200);
        expect(a.body).toBe(b.body);
      }
    }
  });

  it('clients in "totals only" mode get per-day totals of time, no entries', async () => {
    await lead('PATCH', api('/delivery/settings'), { clientTimeView: 'totals' });
    const { rows } = await csvOf('sponsor', '/time-entries/export.csv');
    expect(rows.length).toBeGreaterThan(0);
    expect(Object.keys(rows[0]!)).toEqual(['date', 'hours', 'billable_hours']);
    const { rows: lr } = await csvOf('lead', '/time-entries/export.csv');
    expect(Object.keys(lr[0]!)).toContain('note');
    await lead('PATCH', api('/delivery/settings'), { clientTimeView: 'entries' });
  });
});

const rowsCount = (csv: string) => parse(csv, { columns: true }).length;
