/**
 * The engagement file (ADR 0027): NDJSON, one JSON value a line.
 *   1. a header: what this is, who wrote it (Candor version, schema = the last migration, dialect), the
 *      engagement, its chain head and the row count of every table;
 *   2. per table, a line `{"type":"table","table","columns","rows"}` followed by that many rows, each a JSON
 *      array in the order of `columns` (bytes as {"$bytes": base64});
 *   3. an end line with the totals and the SHA-256 of every byte before it, so a cut or damaged file is refused.
 * Pure: no I/O.
 */

export const FILE_FORMAT = 'candor-engagement';
export const FORMAT_VERSION = 1;

export interface FileHeader {
  type: 'header';
  format: typeof FILE_FORMAT;
  formatVersion: number;
  candorVersion: string;
  /** the last migration the source had applied: rows have exactly that schema's columns */
  schema: string;
  sourceDialect: 'sqlite' | 'postgres';
  sourceInstance: string;
  exportedAt: string;
  engagement: { id: string; name: string };
  audit: { chain: string; records: number; headSeq: number; headHash: string };
  /** rows per table, in file order (organizations and users first) */
  tables: Record<string, number>;
  /** what was deliberately left out, for a reader of the file */
  leftOut: string[];
}

export interface TableLine {
  type: 'table';
  table: string;
  columns: string[];
  rows: number;
}

export interface EndLine {
  type: 'end';
  tables: number;
  rows: number;
  sha256: string;
}

/** A value as it goes into the file (JSON has no bytes). */
export function encodeValue(v: unknown): unknown {
  if (v instanceof Uint8Array) return { $bytes: Buffer.from(v).toString('base64') };
  if (typeof v === 'bigint') return Number(v);
  return v;
}

export function decodeValue(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as { $bytes?: unknown }).$bytes === 'string') {
    return Buffer.from((v as { $bytes: string }).$bytes, 'base64');
  }
  return v;
}

/**
 * Whether this instance can load a file of `schema` (a migration name like "0020_engagement_imports"):
 * the same or an older schema it knows. A newer (or unknown) one is refused with what to do.
 */
export function schemaVerdict(fileSchema: string, known: readonly string[]): { ok: true; older: boolean } | { ok: false; message: string } {
  const current = known.at(-1) ?? '';
  if (fileSchema === current) return { ok: true, older: false };
  if (known.includes(fileSchema)) return { ok: true, older: true };
  if (fileSchema.localeCompare(current, 'en') > 0) {
    return {
      ok: false,
      message: `this file was written by a newer Candor (schema ${fileSchema}); this instance is at schema ${current}. Upgrade Candor here (and run \`candor migrate\`), then import again.`,
    };
  }
  return { ok: false, message: `this file has schema ${fileSchema}, which this Candor does not know (it has ${known[0]} … ${current}).` };
}

/** Checks the header line; returns what is wrong, or null. */
export function headerProblem(h: unknown): string | null {
  if (!h || typeof h !== 'object') return 'the first line is not a JSON object';
  const x = h as Partial<FileHeader>;
  if (x.type !== 'header' || x.format !== FILE_FORMAT) return 'this is not a Candor engagement file (no candor-engagement header on its first line)';
  if (typeof x.formatVersion !== 'number') return 'the header has no formatVersion';
  if (x.formatVersion > FORMAT_VERSION) {
    return `this file has format version ${x.formatVersion}; this Candor reads version ${FORMAT_VERSION}. Upgrade Candor here, then import again.`;
  }
  if (typeof x.schema !== 'string' || !x.engagement?.id || !x.audit?.headHash || !x.tables) return 'the header is incomplete (schema, engagement, audit or tables missing)';
  return null;
}
