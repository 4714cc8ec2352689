/**
 * CSV exports (issue 16, ADR 0025): the rule that makes a cell safe to open in
 * a spreadsheet, and how a value becomes a cell. Pure; the server writes the
 * rows with csv-stringify.
 */

/** A cell a spreadsheet would run as a formula: it starts with = + - @, a tab or a carriage return (OWASP "CSV injection"). */
export const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefixes such text with an apostrophe, so Excel, LibreOffice and Google Sheets read it as text. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export type CsvValue = string | number | boolean | null | undefined;

/**
 * One value as the text of its cell: numbers as they are (a typed number such
 * as -3 is data, not a formula), booleans as yes/no, nothing as an empty cell,
 * and text neutralised.
 */
export function csvText(v: CsvValue): string {
  if (v == null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return neutraliseFormula(v);
}

/** The byte-order mark Excel needs to read a CSV file as UTF-8 (`?bom=1`). */
export const UTF8_BOM = '\uFEFF';

/** `candor-<register>-<engagement id>.csv`: only safe characters, so the Content-Disposition header needs no escaping. */
export function csvFileName(register: string, engagementId: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, '-');
  return `candor-${safe(register)}-${safe(engagementId)}.csv`;
}
