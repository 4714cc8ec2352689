import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { FastifyReply } from 'fastify';
import { type CsvValue, csvFileName, csvText } from '../../domain/exports/csv';

/** A register's CSV: its header and its rows (a list already read, or pages read as the file streams). */
export interface CsvTable {
  register: string;
  columns: string[];
  rows: Iterable<CsvValue[]> | AsyncIterable<CsvValue[]>;
}

/**
 * Sends a register's rows as an attachment, written by csv-stringify: every
 * cell through the domain's `csvText` (formula injection neutralised), RFC 4180
 * quoting (and `;`, LF and CR quoted too, for spreadsheets set to semicolons), CRLF line
 * ends, a UTF-8 byte-order mark when asked (`?bom=1`, for Excel).
 */
export function sendCsv(reply: FastifyReply, engagementId: string, table: CsvTable, opts: { bom: boolean }) {
  // a bare LF or CR is quoted too (csv-stringify quotes only the CRLF record delimiter): unquoted, a spreadsheet starts a new row there
  const out = stringify({ bom: opts.bom, record_delimiter: 'windows', quoted_match: /[;\r\n]/ });
  const cells = async function* () {
    yield table.columns.map((c) => csvText(c));
    for await (const row of table.rows) yield row.map((v) => csvText(v));
  };
  const src = Readable.from(cells());
  src.on('error', (err) => out.destroy(err));
  src.pipe(out);
  reply.header('content-type', 'text/csv; charset=utf-8');
  reply.header('content-disposition', `attachment; filename="${csvFileName(table.register, engagementId)}"`);
  reply.header('cache-control', 'no-store');
  return reply.send(out as unknown as string);
}

/** `?bom=1` (or true) asks for the byte-order mark. */
export const wantsBom = (q: { bom?: string | undefined }) => q.bom === '1' || q.bom === 'true';
