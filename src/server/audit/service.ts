import type { Kysely } from 'kysely';
import { chainForRedaction, scoped, unscoped } from '../authz/scoped';
import { type AuditPayload, CHAIN_FORMAT, ChainVerifier, type ExportHeader, type ExportRecord } from '../../domain/audit/chain';
import type { EngagementAccess } from '../authz/access';
import type { AuditLogTable, DB, Visibility } from '../db/schema';
import type { Deps } from '../http/context';

const BATCH = 1000;

/** Reads a whole chain in seq order, in batches, without holding it all in memory. */
export async function* chainRows(db: Kysely<DB>, chain: string): AsyncGenerator<AuditLogTable> {
  let after = 0;
  for (;;) {
    const rows = await unscoped(db, 'the chain verifier and exports read a whole chain; exports redact per reader')
      .selectFrom('audit_log')
      .selectAll()
      .where('chain_id', '=', chain)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(BATCH)
      .execute();
    for (const r of rows) yield r;
    if (rows.length < BATCH) return;
    after = rows.at(-1)!.seq;
  }
}

function parsePayload(r: AuditLogTable): AuditPayload | null {
  try {
    return JSON.parse(r.payload) as AuditPayload;
  } catch {
    return null;
  }
}

/**
 * One stored row as an export line, redacted when the reader may not see it.
 * Redaction follows the hashed payload's visibility as well as the indexed
 * column, so editing the column alone cannot expose an internal record; an
 * unreadable payload is redacted too (and fails verification).
 */
export function toExportRecord(r: AuditLogTable, visibilities: readonly Visibility[]): ExportRecord {
  const payload = parsePayload(r);
  if (!payload || !visibilities.includes(r.visibility) || !visibilities.includes(payload.visibility)) {
    return { type: 'redacted', chain: r.chain_id, seq: r.seq, at: r.at, payloadHash: r.payload_hash };
  }
  return {
    type: 'record',
    chain: r.chain_id,
    seq: r.seq,
    at: r.at,
    payload,
    payloadHash: r.payload_hash,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

function presentEntry(rec: ExportRecord) {
  if (rec.type === 'redacted') {
    return {
      seq: rec.seq,
      at: rec.at,
      redacted: true,
      payloadHash: rec.payloadHash,
      hash: null,
      actor: null,
      action: null,
      object: null,
      visibility: null,
      before: null,
      after: null,
    };
  }
  const p = rec.payload;
  return {
    seq: rec.seq,
    at: rec.at,
    redacted: false,
    payloadHash: rec.payloadHash,
    hash: rec.hash,
    actor: p.actor,
    action: p.action,
    object: p.object,
    visibility: p.visibility,
    before: p.before,
    after: p.after,
  };
}

/** A page of the activity log, newest first; internal records redacted for the client side. */
export async function listAudit(deps: Deps, access: EngagementAccess, opts: { before?: number | undefined; limit: number }) {
  let q = chainForRedaction(deps.db, access).selectAll();
  if (opts.before) q = q.where('seq', '<', opts.before);
  const rows = await q.orderBy('seq', 'desc').limit(opts.limit + 1).execute();
  const page = rows.slice(0, opts.limit);
  return {
    entries: page.map((r) => presentEntry(toExportRecord(r, access.visibilities))),
    nextCursor: rows.length > opts.limit ? String(page.at(-1)!.seq) : null,
  };
}

/** Recent activity the reader may see in full (redacted records are skipped here, not in the log). */
export async function recentActivity(deps: Deps, access: EngagementAccess, limit: number) {
  const rows = await scoped(deps.db, access, 'audit_log')
    .selectAll()
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => presentEntry(toExportRecord(r, access.visibilities)));
}

/** The JSONL export, line by line: a header, then every record (redacted where the reader may not see it). */
export async function* exportChain(
  db: Kysely<DB>,
  chain: string,
  visibilities: readonly Visibility[],
  exportedFor: string,
  now: Date,
): AsyncGenerator<string> {
  const head = await unscoped(db, 'the chain head').selectFrom('audit_heads').selectAll().where('chain_id', '=', chain).executeTakeFirst();
  const header: ExportHeader = {
    type: 'header',
    format: CHAIN_FORMAT,
    chain,
    exportedAt: now.toISOString(),
    exportedFor,
    records: head?.seq ?? 0,
    headSeq: head?.seq ?? 0,
    headHash: head?.hash ?? '0'.repeat(64),
  };
  yield `${JSON.stringify(header)}\n`;
  for await (const r of chainRows(db, chain)) {
    if (r.seq > header.headSeq) break; // appended after the header was read
    yield `${JSON.stringify(toExportRecord(r, visibilities))}\n`;
  }
}

/**
 * Verifies a live chain from its stored rows, streaming, and checks that the
 * indexed columns agree with the hashed payload and that the head matches.
 */
export async function verifyChain(db: Kysely<DB>, chain: string) {
  const v = new ChainVerifier(chain);
  for await (const r of chainRows(db, chain)) {
    const payload = parsePayload(r);
    if (!payload) {
      v.reject(r.seq, 'stored payload is not valid JSON');
      break;
    }
    if (!v.push({ type: 'record', chain: r.chain_id, seq: r.seq, at: r.at, payload, payloadHash: r.payload_hash, prevHash: r.prev_hash, hash: r.hash })) break;
    const mismatch =
      (r.visibility !== payload.visibility && 'visibility') ||
      (r.action !== payload.action && 'action') ||
      (r.actor_id !== payload.actor.id && 'actor') ||
      ((r.object_type !== payload.object.type || r.object_id !== payload.object.id) && 'object');
    if (mismatch) {
      v.reject(r.seq, `the stored ${mismatch} column does not match the hashed record`);
      break;
    }
  }
  const result = v.result();
  if (!result.ok) return result;
  const head = await unscoped(db, 'the chain head').selectFrom('audit_heads').selectAll().where('chain_id', '=', chain).executeTakeFirst();
  if (head && (head.seq !== result.headSeq || head.hash !== result.headHash)) {
    return { ok: false as const, records: result.records, seq: head.seq, reason: 'chain head does not match the last record (records removed?)' };
  }
  return result;
}
