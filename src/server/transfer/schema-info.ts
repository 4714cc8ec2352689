import { type Kysely, sql } from 'kysely';
import type { SchemaTable } from '../../domain/transfer/plan';
import type { Dialect } from '../db/database';
import type { DB } from '../db/schema';

/**
 * The tables, columns, primary keys and foreign keys a database actually has (SQLite: sqlite_master and
 * pragmas; PostgreSQL: information_schema). The transfer plan is checked against it (ADR 0027).
 */
export async function readSchema(db: Kysely<DB>, dialect: Dialect): Promise<SchemaTable[]> {
  if (dialect === 'sqlite') {
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db);
    const out: SchemaTable[] = [];
    for (const { name } of tables.rows) {
      const cols = await sql<{ name: string; pk: number }>`select name, pk from pragma_table_info(${name})`.execute(db);
      const fks = await sql<{ from: string; table: string; to: string | null }>`select "from", "table", "to" from pragma_foreign_key_list(${name})`.execute(db);
      out.push({
        name,
        columns: cols.rows.map((c) => c.name),
        primaryKey: cols.rows.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
        foreignKeys: fks.rows.map((f) => ({ column: f.from, table: f.table, refColumn: f.to ?? 'id' })),
      });
    }
    return out;
  }
  const cols = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() order by table_name, ordinal_position`.execute(db);
  const pks = await sql<{ table_name: string; column_name: string }>`
    select kcu.table_name, kcu.column_name from information_schema.table_constraints tc
    join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
    where tc.constraint_type = 'PRIMARY KEY' and tc.table_schema = current_schema() order by kcu.table_name, kcu.ordinal_position`.execute(db);
  const fks = await sql<{ table_name: string; column_name: string; ref_table: string; ref_column: string }>`
    select kcu.table_name, kcu.column_name, ccu.table_name as ref_table, ccu.column_name as ref_column
    from information_schema.table_constraints tc
    join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
    join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
    where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema()`.execute(db);
  const tables = new Map<string, { columns: string[]; primaryKey: string[]; foreignKeys: SchemaTable['foreignKeys'][number][] }>();
  const get = (n: string) => {
    const t = tables.get(n) ?? { columns: [], primaryKey: [], foreignKeys: [] };
    tables.set(n, t);
    return t;
  };
  for (const c of cols.rows) get(c.table_name).columns.push(c.column_name);
  for (const p of pks.rows) get(p.table_name).primaryKey.push(p.column_name);
  for (const f of fks.rows) get(f.table_name).foreignKeys.push({ column: f.column_name, table: f.ref_table, refColumn: f.ref_column });
  return [...tables.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, t]) => ({ name, ...t }));
}
