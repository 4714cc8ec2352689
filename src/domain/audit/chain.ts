import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * The audit chain (capability 11). Pure: no I/O.
 *
 * A record has a public header (chain, seq, at) and a payload (actor, action,
 * object, before/after, a random salt). Its hash covers the previous record's
 * hash, the header and the SHA-256 of the payload, all as RFC 8785 canonical
 * JSON. A redacted copy (seq, at, payloadHash) therefore still verifies: the
 * verifier can recompute its hash without seeing what it hides, and the salt
 * keeps a guessable payload from being confirmed by hashing guesses.
 */
export const GENESIS_HASH = '0'.repeat(64);
export const CHAIN_FORMAT = 'candor-audit/1';

export interface AuditHeader {
  chain: string;
  seq: number;
  at: string;
}

export interface AuditPayload {
  actor: { id: string | null; label: string };
  action: string;
  object: { type: string; id: string };
  visibility: 'shared' | 'internal';
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  salt: string;
}

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export function canonical(value: unknown): string {
  const s = canonicalize(value);
  if (s === undefined) throw new Error('value cannot be canonicalized');
  return s;
}

export const hashPayload = (payload: unknown): string => sha256(canonical(payload));

export function hashRecord(prevHash: string, header: AuditHeader, payloadHash: string): string {
  return sha256(canonical({ format: CHAIN_FORMAT, prev: prevHash, header, payloadHash }));
}

/** One line of a JSONL export. */
export type ExportRecord =
  | {
      type: 'record';
      chain: string;
      seq: number;
      at: string;
      payload: AuditPayload;
      payloadHash: string;
      prevHash: string;
      hash: string;
    }
  | { type: 'redacted'; chain: string; seq: number; at: string; payloadHash: string };

export interface ExportHeader {
  type: 'header';
  format: typeof CHAIN_FORMAT;
  chain: string;
  exportedAt: string;
  exportedFor: string;
  records: number;
  headSeq: number;
  headHash: string;
}

export type VerifyResult =
  | { ok: true; records: number; headSeq: number; headHash: string }
  | { ok: false; records: number; seq: number; reason: string };

/**
 * Verifies records one at a time, in order from the genesis, so a long chain
 * never has to be held in memory. Stops at the first record that does not
 * verify and names it.
 */
export class ChainVerifier {
  private prev = GENESIS_HASH;
  private expectedSeq = 1;
  private count = 0;
  private chain: string | undefined;
  private failure: VerifyResult | undefined;

  constructor(expectedChain?: string) {
    this.chain = expectedChain;
  }

  /** Adds the next record; returns false once the chain is broken. */
  push(r: ExportRecord): boolean {
    if (this.failure) return false;
    const fail = (reason: string) => {
      this.failure = { ok: false, records: this.count, seq: r.seq, reason };
      return false;
    };
    this.chain ??= r.chain;
    if (r.chain !== this.chain) return fail(`record belongs to chain ${r.chain}, expected ${this.chain}`);
    if (r.seq !== this.expectedSeq) return fail(`sequence gap: expected ${this.expectedSeq}, found ${r.seq}`);
    const header = { chain: r.chain, seq: r.seq, at: r.at };
    if (r.type === 'record') {
      if (hashPayload(r.payload) !== r.payloadHash) return fail('payload does not match its hash');
      if (r.prevHash !== this.prev) return fail('previous-hash link is broken');
      const h = hashRecord(this.prev, header, r.payloadHash);
      if (h !== r.hash) return fail('record hash does not match its content');
      this.prev = h;
    } else {
      this.prev = hashRecord(this.prev, header, r.payloadHash);
    }
    this.expectedSeq += 1;
    this.count += 1;
    return true;
  }

  /** Fails at a record for a reason found outside the hash (e.g. an index column that disagrees). */
  reject(seq: number, reason: string): void {
    this.failure ??= { ok: false, records: this.count, seq, reason };
  }

  result(): VerifyResult {
    return this.failure ?? { ok: true, records: this.count, headSeq: this.expectedSeq - 1, headHash: this.prev };
  }
}

export function verifyRecords(records: Iterable<ExportRecord>): VerifyResult {
  const v = new ChainVerifier();
  for (const r of records) if (!v.push(r)) break;
  return v.result();
}

/** Parses and verifies a JSONL export (header line first, then records). */
export function verifyExport(text: string): VerifyResult & { header?: ExportHeader } {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const parsed: ExportRecord[] = [];
  let header: ExportHeader | undefined;
  for (const [i, line] of lines.entries()) {
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      return { ok: false, records: parsed.length, seq: parsed.length + 1, reason: `line ${i + 1} is not JSON` };
    }
    const rec = obj as { type?: string };
    if (rec.type === 'header') header = obj as ExportHeader;
    else if (rec.type === 'record' || rec.type === 'redacted') parsed.push(obj as ExportRecord);
    else return { ok: false, records: parsed.length, seq: parsed.length + 1, reason: `line ${i + 1} has an unknown type` };
  }
  const result = verifyRecords(parsed);
  if (result.ok && header) {
    if (parsed.some((r) => r.chain !== header.chain)) {
      return { ok: false, records: result.records, seq: parsed.find((r) => r.chain !== header.chain)!.seq, reason: 'record belongs to another chain than the header', header };
    }
    if (header.headHash !== result.headHash || header.headSeq !== result.headSeq || header.records !== result.records) {
      return { ok: false, records: result.records, seq: result.headSeq, reason: 'export header does not match the chain head', header };
    }
  }
  return { ...result, header };
}
