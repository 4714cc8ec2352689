import { type Expression, type SqlBool, sql } from 'kysely';

/** A case-insensitive "contains" that behaves the same on SQLite and PostgreSQL. */
export function containsText(column: Expression<string>, needle: string): Expression<SqlBool> {
  const escaped = needle.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
  return sql<SqlBool>`lower(${column}) like ${`%${escaped}%`} escape '\\'`;
}
