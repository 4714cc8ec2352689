import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { DB } from './schema';

/**
 * A hot query built and compiled once per database instead of on every call.
 *
 * Kysely builds an immutable operation tree and compiles it to SQL on each
 * call; for the queries every signed-in request runs (the session lookup)
 * that was about a tenth of the request's CPU (ADR 0034). `build` receives
 * one marker per parameter; the query is compiled with them once, and each
 * call binds the real values in the markers' places. Everything else about
 * the query (its SQL, its other parameters) is fixed at the first call, so
 * `build` must not branch on anything but its markers' positions.
 */
export function prepared<Args extends unknown[], Row>(arity: Args['length'], build: (db: Kysely<DB>, ...markers: string[]) => Compilable<Row>) {
  const compiled = new WeakMap<Kysely<DB>, { sql: string; fixed: readonly unknown[]; slots: number[] }>();
  const markers = Array.from({ length: arity }, (_, i) => `\u0000candor-prepared-${i}\u0000`);
  return async (db: Kysely<DB>, ...args: Args): Promise<Row[]> => {
    let c = compiled.get(db);
    if (!c) {
      const q = build(db, ...markers).compile();
      const slots = q.parameters.map((p) => markers.indexOf(p as string));
      for (let i = 0; i < arity; i++) if (!slots.includes(i)) throw new Error(`prepared query: parameter ${i} is not used`);
      c = { sql: q.sql, fixed: q.parameters, slots };
      compiled.set(db, c);
    }
    const { fixed, slots } = c;
    const parameters = slots.map((slot, i) => (slot >= 0 ? args[slot] : fixed[i]));
    const res = await db.executeQuery<Row>(CompiledQuery.raw(c.sql, parameters));
    return res.rows;
  };
}
