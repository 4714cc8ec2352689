import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type DemoKey, pgMissing, type TestContext } from '../../../test/context';
import { runDueJobs } from '../jobs/queue';
import { JOB_HANDLERS } from '../jobs/registry';
import { FAKE_GITHUB_TOKEN, FAKE_REPOS, type FakeGithub, startFakeGithub, unusedLoopbackUrl } from '../../../test/fake-github';
import { fetchGithubIssues } from './github';
import { IMPORT_STALE_MS, IMPORT_WATCHDOG_JOB, sweepStaleImports } from './imports';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures/imports');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));

describe.skipIf(pgMissing)('delivery imports', () => {
  let ctx: TestContext;
  let E: string;
  const base = () => `/api/v1/engagements/${E}`;
  const upload = async (source: string, body: Buffer | string, opts: { type?: string; query?: string; who?: DemoKey } = {}) => {
    const res = await ctx.as(opts.who ?? 'lead', {
      method: 'POST',
      url: `${base()}/imports?source=${source}${opts.query ? `&${opts.query}` : ''}`,
      headers: { 'content-type': opts.type ?? 'text/csv' },
      payload: body,
    });
    return { status: res.statusCode, json: () => res.json(), body: res.body };
  };
  const run = async (id: string, payload: object) => {
    const res = await ctx.as('lead', { method: 'POST', url: `${base()}/imports/${id}/run`, payload });
    return { status: res.statusCode, json: () => res.json(), body: res.body };
  };
  const count = async (table: 'work_items' | 'time_entries') =>
    Number((await ctx.deps.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('engagement_id', '=', E).executeTakeFirstOrThrow()).n);
  const waitFor = async (id: string) => {
    for (let i = 0; i < 400; i++) {
      const res = (await ctx.as('lead', { method: 'GET', url: `${base()}/imports/${id}` })).json();
      if (res.status !== 'running') return res;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('import did not finish');
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    E = ctx.seed.engagementId;
  });
  afterAll(() => ctx?.close());

  it('Jira CSV: preview with suggested mapping, dry run, import, and an idempotent re-import', async () => {
    const up = await upload('jira', fixture('jira-export.csv'), { query: 'fileName=jira.csv' });
    expect(up.status).toBe(201);
    const imp = up.json();
    expect(imp).toMatchObject({ source: 'jira', kind: 'items', status: 'uploaded', format: { encoding: 'utf-8', delimiter: 'comma', totalRows: 6 } });
    expect(imp.mapping).toMatchObject({ externalId: 'Issue id', externalRef: 'Issue key', title: 'Summary', status: 'Status', estimateLikely: 'Original Estimate', assignee: 'Assignee', createdAt: 'Created', doneAt: 'Resolved' });
    expect(imp.mappingProblems).toEqual([]);
    expect(imp.preview[0]).toMatchObject({ title: 'Carrier C polling: handle rate limits, retries', externalRef: 'FJ-201', estimateLikely: '57600' });
    expect(imp.preview[0].description).toContain('\n');
    const tracking = (await ctx.as('lead', { method: 'GET', url: `${base()}/phases` })).json().phases.find((p: { name: string }) => p.name === 'Tracking');
    await ctx.as('lead', { method: 'PATCH', url: `${base()}/imports/${imp.id}`, payload: { options: { defaultPhaseId: tracking.id } } });
    const before = await count('work_items');
    const dry = await run(imp.id, { dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.json().result).toMatchObject({ dryRun: true, rows: 6, created: 6, updated: 0, failed: 0, written: false });
    expect(dry.json().result.warnings).toEqual([{ row: 7, field: 'assignee', message: expect.stringContaining('Priya Nair') }]);
    expect(await count('work_items')).toBe(before);
    const done = (await run(imp.id, { dryRun: false })).json();
    expect(done).toMatchObject({ status: 'imported', result: { created: 6, written: true } });
    expect(await count('work_items')).toBe(before + 6);
    const items = (await ctx.as('sponsor', { method: 'GET', url: `${base()}/items?q=FJ-20&limit=50` })).json().items;
    const byRef = Object.fromEntries(items.map((i: { externalRef: string }) => [i.externalRef, i]));
    expect(byRef['FJ-201']).toMatchObject({ status: 'in_progress', estimate: { likely: 16 }, assignee: { name: 'Tom Reyes' }, phase: { name: 'Tracking' } });
    expect(byRef['FJ-203']).toMatchObject({ status: 'done', doneAt: '2026-10-20T10:10:00.000Z' });
    expect(byRef['FJ-205'].status).toBe('dropped');
    expect(byRef['FJ-206'].status).toBe('in_progress');
    // the same file again: updates, never duplicates
    const again = (await upload('jira', fixture('jira-export.csv'))).json();
    const second = (await run(again.id, { dryRun: false })).json();
    expect(second.result).toMatchObject({ created: 0, updated: 6 });
    expect(await count('work_items')).toBe(before + 6);
  });

  it('GitHub issues JSON: pull requests skipped, milestones as phases, not_planned as dropped', async () => {
    const up = await upload('github', fixture('github-issues.json'), { type: 'application/json' });
    expect(up.status).toBe(201);
    expect(up.json().format).toMatchObject({ delimiter: null, totalRows: 4 });
    const res = (await run(up.json().id, { dryRun: false })).json();
    expect(res.result).toMatchObject({ rows: 4, created: 3, skipped: 1, failed: 0 });
    const items = (await ctx.as('member', { method: 'GET', url: `${base()}/items?q=github.com&limit=50` })).json().items;
    const byRef = Object.fromEntries(items.map((i: { externalRef: string }) => [i.externalRef.split('/').at(-1), i]));
    expect(byRef['41']).toMatchObject({ status: 'done', phase: { name: 'Tracking' }, assignee: { name: 'Tom Reyes' } });
    expect(byRef['42'].status).toBe('backlog');
    expect(byRef['44'].status).toBe('dropped');
  });

  it('Harvest CSV: links entries to items by their external reference; re-import updates', async () => {
    const before = await count('time_entries');
    const up = (await upload('harvest', fixture('harvest-detailed-time.csv'))).json();
    expect(up.mapping).toMatchObject({ date: 'Date', hours: 'Hours', firstName: 'First Name', lastName: 'Last Name', note: 'Notes', billable: 'Billable?', workItem: 'External Reference URL' });
    const res = (await run(up.id, { dryRun: false })).json();
    expect(res.result).toMatchObject({ rows: 6, created: 6, failed: 0, written: true });
    expect(await count('time_entries')).toBe(before + 6);
    const entries = (await ctx.as('sponsor', { method: 'GET', url: `${base()}/time-entries?from=2026-10-19&to=2026-10-21&limit=500` })).json().entries;
    const linked = entries.filter((e: { note: string; workItem: { externalRef: string } | null }) => e.note === 'Consignment event model' && e.workItem?.externalRef === 'FJ-109');
    expect(linked.map((e: { minutes: number }) => e.minutes)).toEqual([255, 255]);
    expect(entries.find((e: { note: string }) => e.note === 'Sprint retro').billable).toBe(false);
    const again = (await run((await upload('harvest', fixture('harvest-detailed-time.csv'))).json().id, { dryRun: false })).json();
    expect(again.result).toMatchObject({ created: 0, updated: 6 });
    expect(await count('time_entries')).toBe(before + 6);
  });

  it('Toggl CSV: durations, e-mails, and an item key in the description', async () => {
    const up = (await upload('toggl', fixture('toggl-detailed.csv'))).json();
    expect(up.mapping).toMatchObject({ date: 'Start date', duration: 'Duration', email: 'Email', person: 'User', note: 'Description', billable: 'Billable' });
    const res = (await run(up.id, { dryRun: false })).json();
    expect(res.result, JSON.stringify(res.result.errors)).toMatchObject({ created: 4, failed: 0 });
    const entries = (await ctx.as('member', { method: 'GET', url: `${base()}/time-entries?from=2026-10-26&to=2026-10-27&limit=500` })).json().entries;
    expect(entries.find((e: { note: string }) => e.note.startsWith('FJ-106')).workItem.externalRef).toBe('FJ-106');
    expect(entries.find((e: { note: string }) => e.note.startsWith('FJ-108')).minutes).toBe(375);
  });

  it('bad rows: the dry run names row and field; the import is atomic unless bad rows are skipped', async () => {
    const csv = [
      'Date,Client,Project,Project Code,Task,Notes,Hours,Hours Rounded,Billable?,Invoiced?,Approved?,First Name,Last Name',
      '2026-10-28,Fjord,Portal,P,Dev,good one,2,2,Yes,No,Yes,Tom,Reyes',
      '2026-10-28,Fjord,Portal,P,Dev,unknown person,2,2,Yes,No,Yes,Nobody,Here',
      '2025-01-05,Fjord,Portal,P,Dev,before the engagement,2,2,Yes,No,Yes,Tom,Reyes',
      '2026-10-28,Fjord,Portal,P,Dev,too long,25,25,Yes,No,Yes,Maya,Okafor',
      '2026-10-28,Fjord,Portal,P,Dev,negative,-1,-1,Yes,No,Yes,Maya,Okafor',
      '2026-10-28,Fjord,Portal,P,Dev,not a number,two,2,Yes,No,Yes,Maya,Okafor',
      '2026-10-28,Fjord,Portal,P,Dev,locked,1,1,Yes,No,Yes,Maya,Okafor',
      '2026-09-30,Fjord,Portal,P,Dev,in the locked discovery period,1,1,Yes,No,Yes,Maya,Okafor',
      '2026-10-28,Fjord,Portal,P,Dev,bad flag,1,1,Perhaps,No,Yes,Maya,Okafor',
      '2026-10-28,Fjord,Portal,P,Dev,too many cells,1,1,Yes,No,Yes,Maya,Okafor,extra',
    ].join('\n');
    const up = (await upload('harvest', csv)).json();
    const dry = (await run(up.id, { dryRun: true })).json().result;
    expect(dry.failed).toBe(8);
    expect(dry.errors.map((e: { row: number; field: string }) => `${e.row}:${e.field}`)).toEqual(['3:person', '4:date', '5:hours', '6:hours', '7:hours', '9:date', '10:billable', '11:row']);
    const before = await count('time_entries');
    const refused = await run(up.id, { dryRun: false });
    expect(refused.json()).toMatchObject({ status: 'failed', result: { written: false } });
    expect(refused.json().result.message).toContain('Nothing was written');
    expect(await count('time_entries')).toBe(before);
    const skipped = (await run(up.id, { dryRun: false, skipBadRows: true })).json();
    expect(skipped.result).toMatchObject({ created: 2, failed: 8, written: true });
    expect(await count('time_entries')).toBe(before + 2);
  });

  it('unknown phase or outcome in an item file is named per row', async () => {
    const csv = ['Issue id,Issue key,Summary,Status,Sprint,Outcome', '1,FJ-1,One,To Do,Tracking,Fewer invoice disputes', '2,FJ-2,Two,Sideways,Nope,Nothing like it'].join('\n');
    const up = (await upload('jira', csv)).json();
    const mapped = (await ctx.as('lead', { method: 'PATCH', url: `${base()}/imports/${up.id}`, payload: { mapping: { phase: 'Sprint', outcome: 'Outcome' } } })).json();
    expect(mapped.mapping.phase).toBe('Sprint');
    const wrong = await ctx.as('lead', { method: 'PATCH', url: `${base()}/imports/${up.id}`, payload: { mapping: { phase: 'No such column' } } });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.details[0].field).toBe('mapping.phase');
    const dry = (await run(up.id, { dryRun: true })).json().result;
    expect(dry.errors.map((e: { row: number; field: string }) => `${e.row}:${e.field}`)).toEqual(['3:status', '3:phase', '3:outcome']);
    expect(dry.created).toBe(1);
  });

  it('encodings and delimiters: clear messages, explicit choices, BOMs', async () => {
    const latin1 = Buffer.from('Date,Hours,First Name,Last Name,Notes\n2026-10-28,1,Tom,Reyes,Caf\xe9 M\xfcller\n', 'latin1');
    const bad = await upload('harvest', latin1);
    expect(bad.status).toBe(422);
    expect(bad.json().error).toMatchObject({ code: 'invalid_file', details: [{ field: 'encoding' }] });
    expect(bad.json().error.message).toMatch(/not valid UTF-8.*line 2/);
    const ok = await upload('harvest', latin1, { query: 'encoding=windows-1252' });
    expect(ok.status).toBe(201);
    expect(ok.json().preview[0].note).toBe('Café Müller');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Date,Hours,First Name,Last Name\n2026-10-28,1,Tom,Reyes\n', 'utf16le')]);
    expect((await upload('harvest', utf16)).json().format.encoding).toBe('utf-16le');
    const semicolons = await upload('harvest', 'Date;Hours;First Name;Last Name;Notes\n2026-10-28;1,5;Tom;Reyes;"a; b"\n');
    expect(semicolons.json().format.delimiter).toBe('semicolon');
    const dry = (await run(semicolons.json().id, { dryRun: true })).json().result;
    expect(dry).toMatchObject({ failed: 0, created: 1 });
    const forced = await upload('harvest', 'Date;Hours;First Name;Last Name\n2026-10-28;1;Tom;Reyes\n', { query: 'delimiter=comma' });
    expect(forced.status).toBe(422);
    expect(forced.json().error.details[0].field).toBe('delimiter');
    expect(forced.json().error.message).toContain('single column');
    const zip = await upload('jira', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x01]), { type: 'application/octet-stream' });
    expect(zip.json().error.message).toContain('Excel');
    const quote = await upload('jira', 'Issue id,Summary\n1,"never closed\n');
    expect(quote.status).toBe(422);
    expect(quote.json().error.message).toMatch(/CSV cannot be read/);
    const json = await upload('github', '{"not": "issues"', { type: 'application/json' });
    expect(json.json().error.message).toContain('not valid JSON');
    expect((await upload('harvest', '')).status).toBe(422);
    expect((await upload('harvest', 'Date,Hours\n', {})).status).toBe(422);
    expect((await upload('harvest', 'x', { query: 'encoding=ebcdic' })).status).toBe(400);
  });

  it('a file over the limit gets 413 with the error shape, and the server carries on', async () => {
    const big = Buffer.alloc(21 * 1024 * 1024, 'a');
    const res = await upload('jira', big);
    expect(res.status).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'too_large', message: expect.stringContaining('20 MB') });
    expect((await ctx.as('lead', { method: 'GET', url: `${base()}/imports` })).statusCode).toBe(200);
    // without credentials the body is not even read
    const anonymous = await ctx.app.inject({ method: 'POST', url: `${base()}/imports?source=jira`, headers: { 'content-type': 'text/csv' }, payload: big });
    expect(anonymous.statusCode).toBe(401);
  });

  it('a large file runs in the background with progress, and only the lead imports', async () => {
    const lines = ['User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (EUR)'];
    for (let i = 0; i < 2500; i++) {
      const day = new Date(Date.UTC(2026, 9, 12) + (i % 20) * 86_400_000).toISOString().slice(0, 10);
      lines.push(`Tom Reyes,member@demo.candor.dev,Fjord,Portal,,Bulk task ${i},Yes,${day},08:00:00,${day},08:05:00,00:05:00,,8.75`);
    }
    const up = (await upload('toggl', lines.join('\n'))).json();
    expect(up.progress).toEqual({ phase: 'uploaded', processed: 0, total: 2500 });
    const started = await run(up.id, { dryRun: true });
    expect(started.status).toBe(202);
    expect(started.json().status).toBe('running');
    const done = await waitFor(up.id);
    expect(done).toMatchObject({ status: 'checked', progress: { processed: 2500, total: 2500 }, result: { failed: 0, created: 2500 } });
    await ctx.deps.db.updateTable('delivery_imports').set({ status: 'running' }).where('id', '=', up.id).execute();
    expect((await run(up.id, { dryRun: true })).status).toBe(409);
    await ctx.deps.db.updateTable('delivery_imports').set({ status: 'checked' }).where('id', '=', up.id).execute();
    for (const who of ['member', 'sponsor'] as const) expect((await upload('toggl', 'User,Email\nx,y\n', { who })).status).toBe(403);
    const list = (await ctx.as('lead', { method: 'GET', url: `${base()}/imports` })).json().imports;
    expect(list.length).toBeGreaterThan(5);
    expect(JSON.stringify(list)).not.toContain('Bulk task 17');
  });

  const MINUTE = 60_000;
  const importStatus = async (id: string) => (await ctx.as('lead', { method: 'GET', url: `${base()}/imports/${id}` })).json();
  const setRow = (id: string, status: 'running' | 'checked', updatedAt: Date) =>
    ctx.deps.db.updateTable('delivery_imports').set({ status, phase: status === 'running' ? 'writing' : status, updated_at: updatedAt.toISOString() }).where('id', '=', id).execute();

  it('an import left running by a process that ended: its watchdog waits while it shows signs of life, then marks it failed, and it runs again', async () => {
    const csv = ['Issue id,Issue key,Summary,Status', '9001,WD-1,Watchdog one,To Do', '9002,WD-2,Watchdog two,Done'].join('\n');
    const up = (await upload('jira', csv)).json();
    const t0 = ctx.clock.now();
    // a run schedules its watchdog when it starts (here a dry run, which finishes)…
    expect((await run(up.id, { dryRun: true })).json().status).toBe('checked');
    const watchdogs = await ctx.deps.db.selectFrom('jobs').select(['run_at', 'status']).where('kind', '=', IMPORT_WATCHDOG_JOB).where('payload', 'like', `%${up.id}%`).execute();
    expect(watchdogs).toEqual([{ run_at: new Date(t0.getTime() + IMPORT_STALE_MS + 1000).toISOString(), status: 'pending' }]);
    // …and here its process "ended" right after starting it: running, last sign of life at t0
    await setRow(up.id, 'running', t0);
    ctx.clock.advance(5 * MINUTE);
    await runDueJobs(ctx.deps, JOB_HANDLERS);
    expect((await importStatus(up.id)).status).toBe('running');
    expect((await run(up.id, { dryRun: false })).status).toBe(409);
    // a heartbeat at t0 + 8 min: still alive when the watchdog looks at t0 + 10 min, so it looks again later
    ctx.clock.advance(3 * MINUTE);
    await setRow(up.id, 'running', ctx.clock.now());
    ctx.clock.advance(2 * MINUTE + 1000);
    await runDueJobs(ctx.deps, JOB_HANDLERS);
    expect((await importStatus(up.id)).status).toBe('running');
    // no sign of life for 10 minutes since then: failed, with a message that says what happened and what to do
    ctx.clock.advance(IMPORT_STALE_MS);
    expect(await runDueJobs(ctx.deps, JOB_HANDLERS)).toBeGreaterThan(0);
    const failed = await importStatus(up.id);
    expect(failed).toMatchObject({ status: 'failed', progress: { phase: 'failed' }, result: { written: false } });
    expect(failed.result.message).toMatch(/stopped without finishing.*running it again is safe/s);
    // the watchdog is done (no further checks pending) and the import runs again
    expect(await ctx.deps.db.selectFrom('jobs').select('id').where('kind', '=', IMPORT_WATCHDOG_JOB).where('payload', 'like', `%${up.id}%`).where('status', '=', 'pending').execute()).toEqual([]);
    const again = (await run(up.id, { dryRun: false })).json();
    expect(again).toMatchObject({ status: 'imported', result: { created: 2, written: true } });
    // a watchdog that finds the import finished does nothing
    ctx.clock.advance(IMPORT_STALE_MS + 2000);
    await runDueJobs(ctx.deps, JOB_HANDLERS);
    expect((await importStatus(up.id)).status).toBe('imported');
  });

  it('the startup sweep fails only stale running imports; a stale one may be run again or edited at once', async () => {
    const csv = (n: number) => ['Issue id,Issue key,Summary,Status', `${9100 + n},SW-${n},Sweep ${n},To Do`].join('\n');
    const [stale, alive, rerun] = await Promise.all([1, 2, 3].map(async (n) => (await upload('jira', csv(n))).json().id as string));
    const now = ctx.clock.now();
    await setRow(stale!, 'running', new Date(now.getTime() - IMPORT_STALE_MS - MINUTE));
    await setRow(alive!, 'running', new Date(now.getTime() - MINUTE));
    await setRow(rerun!, 'running', new Date(now.getTime() - IMPORT_STALE_MS - MINUTE));
    expect(await sweepStaleImports(ctx.deps, stale)).toBe(1);
    expect((await importStatus(stale!)).status).toBe('failed');
    expect((await importStatus(alive!)).status).toBe('running');
    // running a stale import again does not wait for the watchdog or a restart
    expect((await run(rerun!, { dryRun: true })).json()).toMatchObject({ status: 'checked', result: { created: 1 } });
    // editing waits while it is alive…
    const edit = () => ctx.as('lead', { method: 'PATCH', url: `${base()}/imports/${alive}`, payload: { options: { visibility: 'internal' } } });
    expect((await edit()).statusCode).toBe(409);
    // …and after ten minutes without a sign of life the sweep (at startup, or on touching it) lets it go
    ctx.clock.advance(IMPORT_STALE_MS);
    expect(await sweepStaleImports(ctx.deps)).toBe(1);
    expect((await importStatus(alive!)).status).toBe('failed');
    expect((await edit()).statusCode).toBe(200);
    expect(await sweepStaleImports(ctx.deps)).toBe(0);
  });
  describe('GitHub issues fetched from a repository with a token', () => {
    let gh: FakeGithub;
    let defaultApi: string;
    const fetchRepo = async (payload: Record<string, unknown>) => {
      const res = await ctx.as('lead', { method: 'POST', url: `${base()}/imports/github`, payload: { token: FAKE_GITHUB_TOKEN, ...payload } });
      return { status: res.statusCode, json: () => res.json(), body: res.body };
    };
    beforeAll(async () => {
      gh = await startFakeGithub();
      defaultApi = ctx.deps.config.githubApiUrl;
      ctx.deps.config.githubApiUrl = gh.url;
    });
    afterAll(async () => {
      if (ctx) ctx.deps.config.githubApiUrl = defaultApi;
      await gh?.close();
    });

    it('defaults to api.github.com', () => {
      expect(defaultApi).toBe('https://api.github.com');
    });

    it('follows Link pagination, skips pull requests, and feeds the same preview, dry run and idempotent run as a file', async () => {
      gh.requests.length = 0;
      const up = await fetchRepo({ repository: FAKE_REPOS.ok });
      expect(up.status, up.body).toBe(201);
      const imp = up.json();
      expect(imp).toMatchObject({ source: 'github', kind: 'items', status: 'uploaded', format: { delimiter: null, totalRows: 4 }, mappingProblems: [] });
      expect(imp.fileName).toBe(`127.0.0.1:${new URL(gh.url).port}/${FAKE_REPOS.ok} issues (state all)`);
      expect(imp.mapping).toMatchObject({ externalId: 'id', externalRef: 'html_url', title: 'title', status: 'state', phase: 'milestone' });
      expect(imp.preview.map((p: { title: string }) => p.title)).toEqual([
        'Webhook signature check for carrier B',
        'Timeline shows events out of order for carrier E',
        'Dark mode for the tracking page',
        'Export consignments as CSV',
      ]);
      // three pages (2 + 2 + 1 entries), the pull request on page 2 left out; GitHub's headers on every request
      expect(gh.requests.map((r) => r.path)).toEqual([
        `/repos/${FAKE_REPOS.ok}/issues?state=all&per_page=100`,
        '/repositories/1/issues?state=all&per_page=100&page=2',
        '/repositories/1/issues?state=all&per_page=100&page=3',
      ]);
      for (const r of gh.requests) {
        expect(r.headers).toMatchObject({ accept: 'application/vnd.github+json', authorization: `Bearer ${FAKE_GITHUB_TOKEN}`, 'x-github-api-version': '2022-11-28', 'user-agent': expect.stringContaining('Candor') });
      }
      const dry = (await run(imp.id, { dryRun: true })).json();
      expect(dry.result).toMatchObject({ dryRun: true, rows: 4, failed: 0, written: false });
      expect(dry.result.created + dry.result.updated).toBe(4);
      const before = await count('work_items');
      const done = (await run(imp.id, { dryRun: false })).json();
      expect(done).toMatchObject({ status: 'imported', result: { written: true, failed: 0 } });
      expect(await count('work_items')).toBe(before + done.result.created);
      const items = (await ctx.as('member', { method: 'GET', url: `${base()}/items?q=github.com&limit=50` })).json().items;
      const byRef = Object.fromEntries(items.map((i: { externalRef: string }) => [i.externalRef.split('/').at(-1), i]));
      expect(byRef['41']).toMatchObject({ status: 'done', phase: { name: 'Tracking' }, assignee: { name: 'Tom Reyes' } });
      expect(byRef['44'].status).toBe('dropped');
      expect(byRef['45']).toMatchObject({ title: 'Export consignments as CSV', status: 'backlog' });
      // fetched again: keyed by GitHub's issue id, so it updates and never duplicates (also what the file import created)
      const again = (await fetchRepo({ repository: `https://github.com/${FAKE_REPOS.ok}` })).json();
      const second = (await run(again.id, { dryRun: false })).json();
      expect(second.result).toMatchObject({ created: 0, updated: 4 });
      expect(await count('work_items')).toBe(before + done.result.created);
    });

    it('state and labels narrow the query', async () => {
      gh.requests.length = 0;
      const open = await fetchRepo({ repository: FAKE_REPOS.ok, state: 'open' });
      expect(open.json().format.totalRows).toBe(2);
      expect(open.json().fileName).toContain('(state open)');
      const bugs = await fetchRepo({ repository: FAKE_REPOS.ok, state: 'all', labels: 'bug, tracking' });
      expect(bugs.json().preview.map((p: { title: string }) => p.title)).toEqual(['Timeline shows events out of order for carrier E']);
      expect(gh.requests.at(-1)!.path).toBe(`/repos/${FAKE_REPOS.ok}/issues?state=all&per_page=100&labels=bug%2Ctracking`);
      expect((await fetchRepo({ repository: FAKE_REPOS.ok, state: 'merged' })).status).toBe(400);
      expect((await fetchRepo({ repository: FAKE_REPOS.ok, token: '' })).status).toBe(400);
      expect((await fetchRepo({ repository: FAKE_REPOS.ok, since: '2026-01-01' })).status).toBe(400);
    });

    it('the token is used for the fetch only: it is in no stored row and no log line', async () => {
      const lines: string[] = [];
      const quiet = ctx.deps.log;
      ctx.deps.log = pino({ level: 'trace' }, new Writable({
          write: (chunk, _enc, cb) => {
            lines.push(String(chunk));
            cb();
          },
        }));
      try {
        const up = (await fetchRepo({ repository: FAKE_REPOS.ok, labels: 'security' })).json();
        await run(up.id, { dryRun: false });
        await fetchRepo({ repository: FAKE_REPOS.rateLimited });
        await fetchRepo({ repository: FAKE_REPOS.notFound });
      } finally {
        ctx.deps.log = quiet;
      }
      expect(lines.join('')).toContain('GitHub issues fetched');
      expect(lines.join('')).not.toContain(FAKE_GITHUB_TOKEN);
      const imports = await ctx.deps.db.selectFrom('delivery_imports').selectAll().where('engagement_id', '=', E).where('source', '=', 'github').execute();
      expect(imports.length).toBeGreaterThan(3);
      const audit = await ctx.deps.db.selectFrom('audit_log').selectAll().execute();
      expect(audit.some((a) => JSON.stringify(a).includes('issues (state'))).toBe(true);
      const jobs = await ctx.deps.db.selectFrom('jobs').selectAll().execute();
      for (const rows of [imports, audit, jobs]) expect(JSON.stringify(rows)).not.toContain(FAKE_GITHUB_TOKEN);
      // nor a part of it
      expect(JSON.stringify([imports, audit, jobs])).not.toContain(FAKE_GITHUB_TOKEN.slice(20, 44));
    });

    it('clear errors naming the field: repository format, token rejected or lacking access, rate limit, not found', async () => {
      const bad = await fetchRepo({ repository: 'fjord-portal' });
      expect(bad.status).toBe(422);
      expect(bad.json().error).toMatchObject({ code: 'invalid_input', details: [{ field: 'repository', message: expect.stringContaining('owner/name') }] });
      expect((await fetchRepo({ repository: FAKE_REPOS.ok, token: 'has a space' })).json().error.details[0].field).toBe('token');
      const rejected = await fetchRepo({ repository: FAKE_REPOS.ok, token: 'ghp_expired0000000000000000000000000000' });
      expect(rejected.status).toBe(422);
      expect(rejected.json().error).toMatchObject({ code: 'github_token_rejected', details: [{ field: 'token' }] });
      expect(rejected.json().error.message).toMatch(/rejected the token \(401\).*Bad credentials/);
      const forbidden = (await fetchRepo({ repository: FAKE_REPOS.forbidden })).json().error;
      expect(forbidden).toMatchObject({ code: 'github_forbidden', details: [{ field: 'token' }] });
      expect(forbidden.message).toContain('Issues: read');
      const limited = await fetchRepo({ repository: FAKE_REPOS.rateLimited });
      expect(limited.status).toBe(429);
      expect(limited.json().error).toMatchObject({ code: 'github_rate_limited', details: [{ field: 'token' }] });
      expect(limited.json().error.message).toMatch(/rate limit.*resets at 2026-11-02T08:00:00.000Z/);
      const missing = await fetchRepo({ repository: FAKE_REPOS.notFound });
      expect(missing.status).toBe(422);
      expect(missing.json().error).toMatchObject({ code: 'github_not_found', details: [{ field: 'repository' }] });
      expect(missing.json().error.message).toContain(`Repository ${FAKE_REPOS.notFound} was not found`);
      const empty = await fetchRepo({ repository: FAKE_REPOS.empty });
      expect(empty.json().error.message).toContain('has no issues matching state all');
      for (const r of [bad, rejected, limited, missing]) expect(r.body).not.toContain(FAKE_GITHUB_TOKEN);
    });

    it('clear errors when GitHub cannot be reached, answers with HTML, has too many pages, or points elsewhere', async () => {
      const html = await fetchRepo({ repository: FAKE_REPOS.html });
      expect(html.status).toBe(502);
      expect(html.json().error).toMatchObject({ code: 'github_bad_answer', details: [{ field: 'repository' }] });
      expect(html.json().error.message).toMatch(/not JSON \(text\/html\).*api\/v3/);
      gh.requests.length = 0;
      const endless = await fetchRepo({ repository: FAKE_REPOS.endless });
      expect(endless.status).toBe(422);
      expect(endless.json().error).toMatchObject({ code: 'too_large', message: expect.stringContaining('more than 10000 issues') });
      expect(gh.requests).toHaveLength(100);
      const offsite = await fetchRepo({ repository: FAKE_REPOS.offsite });
      expect(offsite.status).toBe(502);
      expect(offsite.json().error.message).toContain('does not send the token there');
      const nowhere = await unusedLoopbackUrl();
      ctx.deps.config.githubApiUrl = nowhere;
      try {
        const down = await fetchRepo({ repository: FAKE_REPOS.ok });
        expect(down.status).toBe(502);
        expect(down.json().error).toMatchObject({ code: 'github_unreachable', details: [{ field: 'repository' }] });
        expect(down.json().error.message).toContain(`Candor could not reach GitHub at ${nowhere}: ECONNREFUSED`);
      } finally {
        ctx.deps.config.githubApiUrl = gh.url;
      }
      const slow = fetchGithubIssues({ repository: FAKE_REPOS.slow, token: FAKE_GITHUB_TOKEN }, { apiBase: gh.url, log: ctx.deps.log, timeoutMs: 200 });
      await expect(slow).rejects.toMatchObject({ status: 502, code: 'github_unreachable', message: expect.stringContaining(`Candor could not reach GitHub at ${gh.url}: no answer within 200 ms`) });
    });
  });
});
