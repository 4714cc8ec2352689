import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findUnscopedReads } from './scoped-check';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Server and CLI code that may touch engagement content: everything but tests, migrations and the helper itself. */
function serviceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'migrations') walk(p);
      } else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) out.push(p);
    }
  };
  walk(path.join(root, 'src/server'));
  walk(path.join(root, 'src/cli'));
  const helper = new Set(['src/server/authz/scoped.ts', 'src/server/authz/scoped-check.ts', 'src/server/authz/access.ts']);
  return out.filter((f) => !helper.has(path.relative(root, f)));
}

describe('the scoped read path (ADR 0011)', () => {
  it('flags a deliberately unscoped read and hand-written scope filters, and accepts scoped() and unscoped()', () => {
    const src = `
      async function leaky(deps, trx, access, id) {
        await deps.db.selectFrom('notes').selectAll().where('id', '=', id).executeTakeFirst();
        await trx.selectFrom('raid_items as r').selectAll().where('r.engagement_id', '=', access.engagementId).where('r.visibility', 'in', ['shared']).execute();
        await deps.db.updateTable('work_items').set({ title: 'x' }).where('engagement_id', '=', access.engagementId).execute();
        await deps.db.selectFrom('notes').where((eb) => eb('visibility', '=', 'shared')).execute();
      }
      async function fine(deps, access, id) {
        await scoped(deps.db, access, 'notes').selectAll().where('notes.id', '=', id).executeTakeFirst();
        await unscoped(deps.db, 'a job re-reads state').selectFrom('commitments').selectAll().where('engagement_id', '=', id).execute();
        await unscoped(deps.db, 'search').selectFrom('notes').where((eb) => eb('visibility', '=', 'shared')).execute();
        await deps.db.selectFrom('users').selectAll().where('id', '=', id).execute();
      }`;
    const v = findUnscopedReads('example.ts', src);
    expect(v.map((x) => `${x.line} ${x.kind}`)).toEqual([
      '3 unscoped-select',
      '4 hand-filter',
      '4 hand-filter',
      '4 unscoped-select',
      '5 hand-filter',
      '6 unscoped-select',
      '6 hand-filter',
    ]);
  });

  it('no service reads engagement content except through scoped() or an explicit unscoped()', () => {
    const violations = serviceFiles().flatMap((f) => findUnscopedReads(path.relative(root, f), readFileSync(f, 'utf8')));
    expect(violations.map((v) => `${v.file}:${v.line} ${v.kind}: ${v.text}`)).toEqual([]);
    // parsing every server file takes seconds on a loaded 2-core machine: no timing is asserted here
  }, 120_000);
});
