import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { ChainVerifier } from '../../domain/audit/chain';
import { decodeValue, type EndLine, type FileHeader, headerProblem, schemaVerdict, type TableLine } from '../../domain/transfer/format';
import { JOB_KINDS, MOVING, type MovingTable, REFERENCED } from '../../domain/transfer/plan';
import { appendAudit, INSTANCE_CHAIN } from '../audit/append';
import { verifyChain } from '../audit/service';
import { unscoped } from '../authz/scoped';
import { migrationNames } from '../db/database';
import type { DB } from '../db/schema';
import type { Deps } from '../http/context';
import { TransferError } from './export';
import { readSchema } from './schema-info';

// biome-ignore lint/suspicious/noExplicitAny: table names are data here (the plan), checked against the schema by its test
type AnyTrx = Transaction<any>;
type Row = Record<string, unknown>;

const IN_CHUNK = 500;
const MAX_PARAMS = 30_000; // under SQLite's 32,766 bound parameters per statement (PostgreSQL allows 65,535)
const byName = new Map(MOVING.map((m) => [m.table, m]));
/** Tables whose keys later rows must name: parents of child tables, and the objects pending jobs name. */
const TRACKED = new Set<string>([
  ...MOVING.flatMap((m) => ('via' in m.scope ? [m.scope.parent] : [])),
  ...Object.values(JOB_KINDS).flatMap((s) => ('table' in s ? [s.table] : [])),
]);

/** The account an alias of a mapped user gets: unique, and never a deliverable address (RFC 2606 .invalid). */
export const aliasEmail = (userId: string) => `${userId}@imported.invalid`;

export interface ImportReport {
  header: FileHeader;
  older: boolean;
  rows: Record<string, number>;
  createdUsers: string[];
  existingUsers: string[];
  mappedUsers: { sourceUserId: string; targetUserId: string; email: string }[];
  createdOrganizations: string[];
  warnings: string[];
  /** rows of the file left out (a row whose `requires` this instance lacks), per table */
  skipped: Record<string, number>;
  headSeq: number;
  headHash: string;
  sha256: string;
}

/** Whether the engagement of a file is here already, and since when (the refusal's message). */
async function alreadyHere(db: Kysely<DB>, header: FileHeader): Promise<string | null> {
  const e = await unscoped(db, 'an import checks the engagement is not here yet').selectFrom('engagements').select(['id', 'name', 'created_at']).where('id', '=', header.engagement.id).executeTakeFirst();
  if (!e) return null;
  const imp = await unscoped(db, 'an import: where an engagement here came from').selectFrom('engagement_imports').selectAll().where('engagement_id', '=', e.id).executeTakeFirst();
  const since = imp ? `imported ${imp.imported_at} from ${imp.source_instance} (file ${imp.file_sha256.slice(0, 12)}…)` : `created here ${e.created_at}`;
  return `engagement ${e.id} "${e.name}" is already in this instance (${since}). Importing the same engagement twice is refused: nothing was written. To replace it, delete it here first.`;
}

/**
 * Loads an engagement file (ADR 0027) in one transaction: either every row, the chain with the same head
 * hash and the import record commit together, or nothing is written. Ids are kept. A user the target does
 * not have is created disabled with the same id and no password; one whose e-mail belongs to another
 * account here becomes a disabled alias with the same id, mapped to that account (imported_user_mappings),
 * which gets the membership and the inbox. Refuses a file of a newer schema, a second import, a broken
 * chain, a damaged or cut file, and rows that do not belong to the file's engagement.
 */
export async function importEngagement(
  deps: Pick<Deps, 'db' | 'dialect' | 'clock'>,
  lines: AsyncIterable<string>,
  opts: { progress?: (line: string) => void } = {},
): Promise<ImportReport> {
  const say = opts.progress ?? (() => {});
  const it = lines[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) throw new TransferError('the file is empty');
  let header: FileHeader;
  try {
    header = JSON.parse(first.value) as FileHeader;
  } catch {
    throw new TransferError('the first line is not JSON: this is not a Candor engagement file');
  }
  const problem = headerProblem(header);
  if (problem) throw new TransferError(problem);
  const verdict = schemaVerdict(header.schema, migrationNames());
  if (!verdict.ok) throw new TransferError(verdict.message);
  const here = await alreadyHere(deps.db, header);
  if (here) throw new TransferError(here);

  const E = header.engagement.id;
  const now = deps.clock.now().toISOString();
  const hash = createHash('sha256').update(`${first.value}\n`);
  const report: ImportReport = {
    header,
    older: verdict.older,
    rows: {},
    createdUsers: [],
    existingUsers: [],
    mappedUsers: [],
    createdOrganizations: [],
    warnings: [],
    skipped: {},
    headSeq: 0,
    headHash: '',
    sha256: '',
  };
  say(`importing engagement ${E} "${header.engagement.name}" (schema ${header.schema}, from ${header.sourceDialect} at ${header.sourceInstance})`);

  return deps.db.transaction().execute(async (trx) => {
    const t = trx as unknown as AnyTrx;
    const schema = new Map((await readSchema(trx, deps.dialect)).map((s) => [s.name, s]));
    // foreign keys between moving tables: a row may name only rows of the file, so a crafted file cannot point
    // into another engagement of this instance (whose titles the joins would then show to this one's members)
    const refsOf = new Map(
      MOVING.map((m) => [m.table, (schema.get(m.table)?.foreignKeys ?? []).filter((f) => byName.has(f.table) && m.requires?.column !== f.column)] as const),
    );
    const referencedTables = new Set([...refsOf.values()].flatMap((fks) => fks.map((f) => f.table)));
    const mapping = new Map<string, string>(); // file user id → account here
    const keys = new Map<string, Set<string>>(); // tracked table → ids imported
    const verifier = new ChainVerifier(E);
    const seen = new Set<string>();
    let current: { line: TableLine; plan: MovingTable | null; n: number; batch: Row[]; deferred: Row[]; requires: Map<string, boolean> } | null = null;
    let ended: EndLine | null = null;
    let lineNo = 1;

    const fail = (message: string): never => {
      throw new TransferError(`${message} (line ${lineNo}). Nothing was written.`);
    };

    const insert = async (table: string, rows: Row[]) => {
      if (!rows.length) return;
      const [maxParams, maxRows] = deps.dialect === 'postgres' ? [60_000, 4000] : [MAX_PARAMS, 1000];
      const per = Math.max(1, Math.min(maxRows, Math.floor(maxParams / Object.keys(rows[0]!).length)));
      for (let i = 0; i < rows.length; i += per) await t.insertInto(table).values(rows.slice(i, i + per)).execute();
    };

    const flushReferenced = async (table: 'organizations' | 'users', rows: Row[]) => {
      for (let i = 0; i < rows.length; i += IN_CHUNK) {
        const chunk = rows.slice(i, i + IN_CHUNK);
        const ids = chunk.map((r) => String(r.id));
        if (table === 'organizations') {
          const have = new Set((await t.selectFrom('organizations').select('id').where('id', 'in', ids).execute()).map((r: Row) => r.id));
          const fresh = chunk.filter((r) => !have.has(r.id));
          await insert('organizations', fresh);
          report.createdOrganizations.push(...fresh.map((r) => String(r.id)));
          continue;
        }
        const byId = new Map(
          ((await t.selectFrom('users').select(['id', 'email']).where('id', 'in', ids).execute()) as { id: string; email: string }[]).map((r) => [r.id, r.email.toLowerCase()]),
        );
        const emails = chunk.map((r) => String(r.email).toLowerCase());
        const byEmail = new Map(
          ((await t.selectFrom('users').select(['id', 'email']).where('email', 'in', emails).execute()) as { id: string; email: string }[]).map((r) => [r.email.toLowerCase(), r.id]),
        );
        const fresh: Row[] = [];
        for (const r of chunk) {
          const id = String(r.id);
          const email = String(r.email).toLowerCase();
          const here = byId.get(id);
          if (here !== undefined) {
            report.existingUsers.push(id);
            // ids are UUIDv7, so the same id is the same account (moved back after an e-mail change, say); a file
            // could also name an account of this instance on purpose: say so, for the admin to check its members
            if (here !== email) {
              report.warnings.push(`users: ${id} is ${here} here but ${email} in the file; taken as the same account (it joins the imported engagement with the file's role): check the members`);
            }
            continue;
          }
          const other = byEmail.get(email);
          const base = { id, name: r.name, password_hash: null, is_admin: 0, org_id: r.org_id ?? null, created_at: r.created_at, disabled_at: now };
          if (other) {
            mapping.set(id, other);
            report.mappedUsers.push({ sourceUserId: id, targetUserId: other, email });
            fresh.push({ ...base, email: aliasEmail(id) });
          } else {
            report.createdUsers.push(id);
            fresh.push({ ...base, email });
          }
        }
        await insert('users', fresh);
      }
    };

    const finishBatch = async () => {
      if (!current || !current.batch.length) return;
      const { line, plan } = current;
      const rows = current.batch;
      current.batch = [];
      if (line.table === 'organizations' || line.table === 'users') return flushReferenced(line.table, rows);
      if (line.table === 'jobs') {
        for (let i = 0; i < rows.length; i += 200) await t.insertInto('jobs').values(rows.slice(i, i + 200)).onConflict((oc) => oc.doNothing()).execute();
        return;
      }
      if (plan?.requires) {
        const { column, table } = plan.requires;
        const kept: Row[] = [];
        for (const r of rows) {
          const v = r[column];
          if (v == null) {
            kept.push(r);
            continue;
          }
          let ok = current.requires.get(String(v));
          if (ok === undefined) {
            ok = !!(await unscoped(t, 'an import checks a row it depends on').selectFrom(table).select('id').where('id', '=', v).executeTakeFirst());
            current.requires.set(String(v), ok);
          }
          if (ok) kept.push(r);
          else {
            report.skipped[line.table] = (report.skipped[line.table] ?? 0) + 1;
            report.warnings.push(`${line.table}: a row left out, because this instance has no ${table} ${String(v)} (it stays on the source)`);
          }
        }
        return insert(line.table, kept);
      }
      await insert(line.table, rows);
    };

    const finishTable = async () => {
      if (!current) return;
      await finishBatch();
      const { line, plan, n } = current;
      if (n !== line.rows) fail(`table ${line.table} announces ${line.rows} rows but has ${n}`);
      if (header.tables[line.table] !== n) fail(`table ${line.table} has ${n} rows, the header says ${header.tables[line.table]}`);
      for (const d of current.deferred) {
        for (const f of refsOf.get(line.table) ?? []) {
          if (f.table === line.table && d[f.column] != null && !keys.get(line.table)?.has(String(d[f.column]))) {
            fail(`a row of ${line.table} names ${line.table} ${String(d[f.column])} (${f.column}), which is not in the file`);
          }
        }
        const { id, ...set } = d;
        await t.updateTable(line.table).set(set).where('id', '=', id).execute();
      }
      if (plan?.table === 'audit_log') {
        const r = verifier.result();
        if (!r.ok) fail(`the audit chain in the file is broken at record ${r.seq}: ${r.reason}`);
        if (r.ok && (r.headHash !== header.audit.headHash || r.headSeq !== header.audit.headSeq)) fail('the audit chain in the file does not end at the head its header names');
      }
      report.rows[line.table] = n;
      if (n >= 1000) say(`${line.table}: ${n.toLocaleString('en')} rows`);
      current = null;
    };

    const startTable = (line: TableLine) => {
      if (typeof line.table !== 'string' || !Array.isArray(line.columns) || typeof line.rows !== 'number') fail('a table line is malformed');
      if (seen.has(line.table)) fail(`table ${line.table} appears twice`);
      seen.add(line.table);
      const plan = byName.get(line.table) ?? null;
      const referenced = line.table in REFERENCED;
      if (!plan && !referenced && line.table !== 'jobs') fail(`the file has a table ${line.table}, which does not move with an engagement`);
      if (referenced) {
        const allowed = REFERENCED[line.table as keyof typeof REFERENCED].columns as readonly string[];
        for (const c of line.columns) if (!allowed.includes(c)) fail(`the file carries ${line.table}.${c}, which is never imported`);
      } else {
        const target = schema.get(line.table)!;
        for (const c of line.columns) if (!target.columns.includes(c)) fail(`the file has a column ${line.table}.${c} this instance does not know`);
      }
      current = { line, plan, n: 0, batch: [], deferred: [], requires: new Map() };
    };

    const addRow = async (values: unknown[]) => {
      if (!current) return fail('a row comes before any table line');
      const { line, plan } = current;
      if (values.length !== line.columns.length) fail(`a row of ${line.table} has ${values.length} values for ${line.columns.length} columns`);
      const row: Row = {};
      for (const [i, c] of line.columns.entries()) row[c] = decodeValue(values[i]);
      current.n += 1;
      if (plan) {
        // every row must belong to the file's engagement: a crafted file cannot write into another one
        if ('column' in plan.scope) {
          if (row[plan.scope.column] !== E) fail(`a row of ${line.table} belongs to ${String(row[plan.scope.column])}, not to engagement ${E}`);
        } else if (!keys.get(plan.scope.parent)?.has(String(row[plan.scope.via]))) {
          fail(`a row of ${line.table} names ${plan.scope.parent} ${String(row[plan.scope.via])}, which is not in the file`);
        }
        for (const f of refsOf.get(plan.table) ?? []) {
          const v = row[f.column];
          if (f.table !== plan.table && v != null && !keys.get(f.table)?.has(String(v))) fail(`a row of ${line.table} names ${f.table} ${String(v)} (${f.column}), which is not in the file`);
        }
        if (TRACKED.has(plan.table) || referencedTables.has(plan.table)) {
          const set = keys.get(plan.table) ?? new Set<string>();
          keys.set(plan.table, set);
          set.add(String(row[plan.key[0]!]));
        }
        for (const c of plan.personal ?? []) {
          const to = mapping.get(String(row[c]));
          if (to) row[c] = to;
        }
        if (plan.deferred?.some((c) => row[c] != null)) {
          const later: Row = { id: row.id };
          for (const c of plan.deferred) {
            later[c] = row[c];
            row[c] = null;
          }
          current.deferred.push(later);
        }
        if (plan.table === 'audit_log') {
          let payload: unknown;
          try {
            payload = JSON.parse(String(row.payload));
          } catch {
            payload = null;
          }
          if (!payload) verifier.reject(Number(row.seq), 'payload is not valid JSON');
          else
            verifier.push({
              type: 'record',
              chain: String(row.chain_id),
              seq: Number(row.seq),
              at: String(row.at),
              payload: payload as never,
              payloadHash: String(row.payload_hash),
              prevHash: String(row.prev_hash),
              hash: String(row.hash),
            });
        }
      } else if (line.table === 'jobs') {
        const spec = JOB_KINDS[String(row.kind)];
        if (!spec || !('key' in spec)) fail(`the file has a job of kind ${String(row.kind)}, which does not move`);
        const s = spec as { key: string; table: string };
        let named: unknown;
        try {
          named = (JSON.parse(String(row.payload)) as Row)[s.key];
        } catch {
          named = undefined;
        }
        const ok = s.table === 'engagements' ? named === E : keys.get(s.table)?.has(String(named));
        if (!ok) fail(`a job of kind ${String(row.kind)} names an object that is not in the file`);
        Object.assign(row, { status: 'pending', locked_by: null, locked_until: null });
      }
      current.batch.push(row);
      if (current.batch.length >= 4000) await finishBatch();
      if (current.n % 50_000 === 0) say(`  ${line.table}: ${current.n.toLocaleString('en')} of ${line.rows.toLocaleString('en')} rows`);
    };

    try {
      for (;;) {
        const next = await it.next();
        if (next.done) break;
        lineNo += 1;
        const text = next.value;
        if (ended) fail('the file goes on after its end line');
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          fail('a line is not JSON: the file is damaged');
        }
        if (Array.isArray(value)) {
          hash.update(`${text}\n`);
          await addRow(value);
          continue;
        }
        const kind = (value as { type?: unknown } | null)?.type;
        if (kind === 'table') {
          hash.update(`${text}\n`);
          await finishTable();
          startTable(value as TableLine);
        } else if (kind === 'end') {
          await finishTable();
          ended = value as EndLine;
          report.sha256 = hash.digest('hex');
          if (ended.sha256 !== report.sha256) fail('the file does not match its checksum: it was changed or damaged');
        } else {
          fail('a line is neither a table, a row nor the end');
        }
      }
      if (!ended) fail('the file ends before its end line: it was cut off');
      for (const table of Object.keys(header.tables)) if (!seen.has(table)) fail(`the header names table ${table}, which the file does not have`);
      if (!seen.has('engagements') || report.rows.engagements !== 1) fail('the file has no engagement row');

      // the chain as stored here: the same records, the same head
      const stored = await verifyChain(trx, E);
      if (!stored.ok) fail(`the imported chain does not verify at record ${stored.seq}: ${stored.reason}`);
      if (stored.ok && stored.headHash !== header.audit.headHash) fail('the imported chain ends at another head than the file names');
      report.headSeq = header.audit.headSeq;
      report.headHash = header.audit.headHash;

      await trx
        .insertInto('engagement_imports')
        .values({
          engagement_id: E,
          source_instance: header.sourceInstance,
          source_schema: header.schema,
          source_dialect: header.sourceDialect,
          exported_at: header.exportedAt,
          file_sha256: report.sha256,
          head_seq: header.audit.headSeq,
          head_hash: header.audit.headHash,
          rows: Object.values(report.rows).reduce((a, b) => a + b, 0),
          imported_at: now,
        })
        .execute();
      for (const m of report.mappedUsers) {
        await trx.insertInto('imported_user_mappings').values({ engagement_id: E, source_user_id: m.sourceUserId, target_user_id: m.targetUserId, email: m.email, created_at: now }).execute();
      }
      // the instance chain says what happened; the engagement's own chain is left exactly as it came
      await appendAudit(trx, deps, {
        chain: INSTANCE_CHAIN,
        actor: null,
        action: 'engagement.imported',
        object: { type: 'engagement', id: E },
        visibility: 'internal',
        before: null,
        after: {
          name: header.engagement.name,
          from: header.sourceInstance,
          schema: header.schema,
          fileSha256: report.sha256,
          headSeq: header.audit.headSeq,
          headHash: header.audit.headHash,
          createdUsers: report.createdUsers,
          mappedUsers: report.mappedUsers,
          createdOrganizations: report.createdOrganizations,
        },
      });
      return report;
    } catch (err) {
      if (err instanceof TransferError) throw err;
      const where = current ? ` in table ${(current as { line: TableLine }).line.table}` : '';
      throw new TransferError(`the import stopped${where} (line ${lineNo}): ${err instanceof Error ? err.message : String(err)}. Nothing was written.`);
    }
  });
}
