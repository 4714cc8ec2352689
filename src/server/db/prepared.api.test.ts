import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, pgMissing } from '../../../test/context';
import { prepared } from './prepared';

describe.skipIf(pgMissing)('prepared queries (compiled once, bound per call)', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    fresh = await freshDatabase();
    const db = fresh.database.db;
    for (const [id, name, kind] of [
      ['o1', 'Northwind', 'provider'],
      ['o2', 'Contoso', 'client'],
      ['o3', 'Fabrikam', 'client'],
    ] as const) {
      await db.insertInto('organizations').values({ id, name, kind, created_at: '2026-11-18T09:00:00.000Z' }).execute();
    }
  });
  afterAll(async () => {
    await fresh?.drop();
  });

  // a fixed parameter ('client') between two markers: each call binds its own values, the fixed one stays
  const byNameAndKind = prepared<[string, string], { id: string }>(2, (db, a, b) =>
    db.selectFrom('organizations').select('id').where((eb) => eb.or([eb('name', '=', a), eb('name', '=', b)])).where('kind', '=', 'client').orderBy('id'),
  );

  it('binds each call’s values in the markers’ places and keeps the fixed parameters', async () => {
    const db = fresh.database.db;
    expect((await byNameAndKind(db, 'Contoso', 'Fabrikam')).map((r) => r.id)).toEqual(['o2', 'o3']);
    // the second call reuses the compiled statement with new values
    expect((await byNameAndKind(db, 'Fabrikam', 'Nobody')).map((r) => r.id)).toEqual(['o3']);
    // 'Northwind' is a provider: the fixed kind = 'client' still applies
    expect((await byNameAndKind(db, 'Northwind', 'Nobody')).map((r) => r.id)).toEqual([]);
  });

  it('refuses a query that does not use every marker (it would silently ignore an argument)', async () => {
    const unused = prepared<[string], { id: string }>(1, (db) => db.selectFrom('organizations').select('id'));
    await expect(unused(fresh.database.db, 'x')).rejects.toThrow(/parameter 0 is not used/);
  });
});
