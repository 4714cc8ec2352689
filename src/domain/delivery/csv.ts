/**
 * Text files in and out: encoding checks, delimiter detection, CSV cells
 * written safely. Pure (the parser itself is csv-parse, used by the server).
 */
import { neutraliseFormula } from '../exports/csv';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export const ENCODINGS: readonly TextEncodingName[] = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'];
export type Delimiter = ',' | ';' | '\t' | '|';
export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];

export class FileProblem extends Error {
  constructor(
    public readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** 1-based line of a byte offset. */
function lineOf(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Offset of the first byte that breaks UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [n, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [n, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [n, min] = [3, 0x10000];
    else return i;
    let cp = b & (n === 1 ? 0x1f : n === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

/**
 * Decodes an uploaded file. Without an explicit encoding: a byte-order mark
 * decides, else the file must be valid UTF-8 — a clear error otherwise, never
 * silently garbled text.
 */
export function decodeUpload(bytes: Uint8Array, encoding?: TextEncodingName): { text: string; encoding: TextEncodingName } {
  if (bytes.length === 0) throw new FileProblem('file', 'The file is empty');
  let enc: TextEncodingName | undefined = encoding;
  let body = bytes;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    enc ??= 'utf-8';
    body = bytes.subarray(3);
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    enc ??= 'utf-16le';
    body = bytes.subarray(2);
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    enc ??= 'utf-16be';
    body = bytes.subarray(2);
  }
  enc ??= 'utf-8';
  if (!enc.startsWith('utf-16')) {
    const head = body.subarray(0, 8192);
    if (head.includes(0)) {
      const zip = body[0] === 0x50 && body[1] === 0x4b;
      throw new FileProblem(
        'file',
        zip
          ? 'This is a binary file (it looks like an Excel workbook or a zip archive). Export or save it as CSV (UTF-8) and upload that.'
          : 'This is a binary file, not text. Upload the CSV or JSON export itself.',
      );
    }
  }
  if (enc === 'utf-8') {
    const bad = firstInvalidUtf8(body);
    if (bad >= 0) {
      throw new FileProblem(
        'encoding',
        `The file is not valid UTF-8 (first invalid byte 0x${body[bad]!.toString(16).padStart(2, '0')} on line ${lineOf(body, bad)}). ` +
          'Export it as UTF-8 (in Excel: "CSV UTF-8"), or upload it again with encoding=windows-1252 if it came from an older Windows tool.',
      );
    }
  }
  const text = new TextDecoder(enc, { fatal: enc !== 'windows-1252' }).decode(body);
  if (text.includes('\u0000')) throw new FileProblem('encoding', `The file does not decode as ${enc}: it contains NUL characters. Choose another encoding.`);
  return { text, encoding: enc };
}

/** The first record's raw text (up to the first line break outside quotes). */
function firstRecord(text: string): string {
  let quoted = false;
  for (let i = 0; i < text.length && i < 65536; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if ((c === '\n' || c === '\r') && !quoted) return text.slice(0, i);
  }
  return text.slice(0, 65536);
}

/** Counts a delimiter outside quotes. */
function countOutsideQuotes(line: string, d: string): number {
  let quoted = false;
  let n = 0;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === d && !quoted) n++;
  }
  return n;
}

/** Picks the delimiter that splits the header into the most columns. */
export function detectDelimiter(text: string): Delimiter {
  const header = firstRecord(text);
  let best: Delimiter = ',';
  let bestN = -1;
  for (const d of DELIMITERS) {
    const n = countOutsideQuotes(header, d);
    if (n > bestN) [best, bestN] = [d, n];
  }
  return best;
}

export const delimiterName = (d: string): string => (d === '\t' ? 'tab' : d === ',' ? 'comma' : d === ';' ? 'semicolon' : d === '|' ? 'pipe' : JSON.stringify(d));

/**
 * One CSV cell. Text that a spreadsheet would run as a formula (= + - @, tab,
 * carriage return) is prefixed with an apostrophe (OWASP CSV injection);
 * numbers are written as they are.
 */
export function csvCell(v: string | number | boolean | null | undefined): string {
  if (v == null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  const s = neutraliseFormula(v);
  return /[",\r\n;]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export const csvLine = (cells: (string | number | boolean | null | undefined)[]): string => `${cells.map(csvCell).join(',')}\r\n`;
