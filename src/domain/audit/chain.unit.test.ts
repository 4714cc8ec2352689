import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AuditPayload, type ExportRecord, GENESIS_HASH, hashPayload, hashRecord, verifyExport, verifyRecords } from './chain';

function buildChain(n: number, internalEvery = 3): ExportRecord[] {
  const out: ExportRecord[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const payload: AuditPayload = {
      actor: { id: 'u1', label: 'A <a@x>' },
      action: 'note.created',
      object: { type: 'note', id: `n${seq}` },
      visibility: seq % internalEvery === 0 ? 'internal' : 'shared',
      before: null,
      after: { title: `note ${seq}`, nested: { b: 2, a: [1, 'x'] } },
      salt: `salt${seq}`,
    };
    const at = new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString();
    const payloadHash = hashPayload(payload);
    const hash = hashRecord(prev, { chain: 'e1', seq, at }, payloadHash);
    out.push({ type: 'record', chain: 'e1', seq, at, payload, payloadHash, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

const redact = (r: ExportRecord): ExportRecord =>
  r.type === 'record' && r.payload.visibility === 'internal' ? { type: 'redacted', chain: r.chain, seq: r.seq, at: r.at, payloadHash: r.payloadHash } : r;

describe('audit chain', () => {
  it('verifies an intact chain and reports its head', () => {
    const chain = buildChain(10);
    expect(verifyRecords(chain)).toEqual({ ok: true, records: 10, headSeq: 10, headHash: (chain[9] as { hash: string }).hash });
  });

  it('payload hashes do not depend on key order (canonical JSON)', () => {
    const a = { b: 1, a: { d: [1, 2], c: 'x' } };
    const b = { a: { c: 'x', d: [1, 2] }, b: 1 };
    expect(hashPayload(a)).toBe(hashPayload(b));
  });

  it('a redacted copy verifies to the same head', () => {
    const chain = buildChain(12);
    const full = verifyRecords(chain);
    const redacted = verifyRecords(chain.map(redact));
    expect(redacted).toEqual(full);
  });

  it('any single change to any record is caught at that record (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 15 }), fc.constantFrom('payload', 'at', 'hash', 'prevHash', 'drop'), (seq, what) => {
        const chain = buildChain(15);
        const i = seq - 1;
        const r = chain[i] as Extract<ExportRecord, { type: 'record' }>;
        if (what === 'payload') chain[i] = { ...r, payload: { ...r.payload, after: { title: 'changed' } } };
        if (what === 'at') chain[i] = { ...r, at: '2030-01-01T00:00:00.000Z' };
        if (what === 'hash') chain[i] = { ...r, hash: 'f'.repeat(64) };
        if (what === 'prevHash') chain[i] = { ...r, prevHash: 'e'.repeat(64) };
        // dropping the newest record leaves a valid shorter chain: the export header / stored head catch that (below)
        if (what === 'drop') {
          if (seq === 15) return;
          chain.splice(i, 1);
        }
        const result = verifyRecords(chain);
        expect(result.ok).toBe(false);
        if (!result.ok) {
          // a changed time or hash shows at that record, or, for the hash itself, at the next link
          expect([seq, seq + 1]).toContain(result.seq);
        }
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('a changed time on a redacted record is caught at the next record', () => {
    const chain = buildChain(6).map(redact);
    const i = 2; // seq 3 is internal → redacted
    chain[i] = { ...chain[i]!, at: '2031-01-01T00:00:00.000Z' };
    expect(verifyRecords(chain)).toMatchObject({ ok: false, seq: 4 });
  });

  it('reads a JSONL export and checks the header against the chain', () => {
    const chain = buildChain(5);
    const head = verifyRecords(chain) as { headHash: string };
    const header = { type: 'header', format: 'candor-audit/1', chain: 'e1', exportedAt: '', exportedFor: '', records: 5, headSeq: 5, headHash: head.headHash };
    const text = [header, ...chain].map((l) => JSON.stringify(l)).join('\n');
    expect(verifyExport(text)).toMatchObject({ ok: true, records: 5 });
    const truncated = [header, ...chain.slice(0, 4)].map((l) => JSON.stringify(l)).join('\n');
    expect(verifyExport(truncated)).toMatchObject({ ok: false, reason: 'export header does not match the chain head' });
    expect(verifyExport('{"type":"header"}\nnot json')).toMatchObject({ ok: false, reason: 'line 2 is not JSON' });
  });
});
