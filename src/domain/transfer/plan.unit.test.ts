import { describe, expect, it } from 'vitest';
import { checkPlan, JOB_KINDS, MOVING, type SchemaTable, STAYING } from './plan';
import { FORMAT_VERSION, decodeValue, encodeValue, headerProblem, schemaVerdict } from './format';

/** A schema that matches the plan exactly, built from the plan itself (so each case below changes one thing). */
function matching(): SchemaTable[] {
  const fk = (column: string, table: string) => ({ column, table, refColumn: table === 'audit_heads' ? 'chain_id' : 'id' });
  const tables: SchemaTable[] = MOVING.map((m) => {
    const scope = 'column' in m.scope ? m.scope.column : m.scope.via;
    const foreignKeys = [
      ...('via' in m.scope ? [fk(m.scope.via, m.scope.parent)] : scope === 'engagement_id' ? [fk('engagement_id', 'engagements')] : []),
      ...(m.users ?? []).map((c) => fk(c, 'users')),
      ...(m.deferred ?? []).map((c) => fk(c, m.table)),
      ...(m.requires ? [fk(m.requires.column, m.requires.table)] : []),
    ];
    const columns = [...new Set([...m.key, scope, ...(m.users ?? []), ...(m.deferred ?? []), ...(m.requires ? [m.requires.column] : [])])];
    return { name: m.table, columns, primaryKey: [...m.key], foreignKeys };
  });
  tables.push({ name: 'users', columns: ['id', 'email', 'name', 'org_id', 'created_at', 'disabled_at', 'password_hash', 'is_admin'], primaryKey: ['id'], foreignKeys: [] });
  tables.push({ name: 'organizations', columns: ['id', 'name', 'kind', 'created_at'], primaryKey: ['id'], foreignKeys: [] });
  for (const name of Object.keys(STAYING)) tables.push({ name, columns: ['id'], primaryKey: ['id'], foreignKeys: [] });
  return tables;
}
const kinds = Object.keys(JOB_KINDS);
const withTable = (t: SchemaTable) => [...matching(), t];
const changed = (name: string, f: (t: SchemaTable) => SchemaTable) => matching().map((t) => (t.name === name ? f(t) : t));

describe('checkPlan', () => {
  it('finds nothing wrong when the schema is what the plan says', () => {
    expect(checkPlan(matching(), kinds)).toEqual([]);
  });

  it('fails on a new table with an engagement_id that nobody classified', () => {
    const p = checkPlan(withTable({ name: 'engagement_widgets', columns: ['id', 'engagement_id'], primaryKey: ['id'], foreignKeys: [{ column: 'engagement_id', table: 'engagements', refColumn: 'id' }] }), kinds);
    expect(p).toEqual([expect.stringMatching(/^table engagement_widgets is neither moved nor said to stay \(it has an engagement_id column\)/)]);
  });

  it('fails on a new child table reached through a parent (no engagement_id of its own)', () => {
    const p = checkPlan(withTable({ name: 'note_attachments', columns: ['id', 'note_id', 'bytes'], primaryKey: ['id'], foreignKeys: [{ column: 'note_id', table: 'notes', refColumn: 'id' }] }), kinds);
    expect(p).toEqual([expect.stringMatching(/^table note_attachments is neither moved nor said to stay \(it is a child of notes\)/)]);
  });

  it('fails on a new user column, a new self-reference, a reference to a table that stays, and a secret-looking column', () => {
    const p = checkPlan(
      changed('notes', (t) => ({
        ...t,
        columns: [...t.columns, 'reviewer_id', 'reply_to', 'webhook_id', 'share_token'],
        foreignKeys: [
          ...t.foreignKeys,
          { column: 'reviewer_id', table: 'users', refColumn: 'id' },
          { column: 'reply_to', table: 'notes', refColumn: 'id' },
          { column: 'webhook_id', table: 'webhooks', refColumn: 'id' },
        ],
      })),
      kinds,
    );
    expect(p).toEqual([
      'notes.reviewer_id names a user but is not in its users list (that user would not travel)',
      'notes.reply_to references its own table: list it in deferred',
      'notes.webhook_id references webhooks, which does not move (use requires, or move it)',
      'notes.share_token looks like a secret and would travel: review it (REVIEWED_COLUMNS) or move it out',
    ]);
  });

  it('fails on a new column of users that is neither carried nor left out, and on a primary key that changed', () => {
    expect(checkPlan(changed('users', (t) => ({ ...t, columns: [...t.columns, 'totp_secret'] })), kinds)).toEqual([
      'column users.totp_secret is neither carried nor left out with a reason (REFERENCED)',
    ]);
    expect(checkPlan(changed('notes', (t) => ({ ...t, primaryKey: ['engagement_id', 'id'] })), kinds)).toEqual([
      'notes: key [id] is not its primary key [engagement_id, id]',
    ]);
  });

  it('fails on a parent that comes after its child, and on a table the database does not have', () => {
    const swapped = [...MOVING];
    const i = swapped.findIndex((m) => m.table === 'comments');
    const j = swapped.findIndex((m) => m.table === 'comment_versions');
    [swapped[i], swapped[j]] = [swapped[j]!, swapped[i]!];
    const p = checkPlan(matching(), kinds, { moving: swapped, staying: STAYING, jobKinds: JOB_KINDS });
    expect(p).toContain('comment_versions: its parent comments must move, and before it');
    expect(checkPlan(matching().filter((t) => t.name !== 'glossary_terms'), kinds)).toEqual(['the plan names glossary_terms, which the database does not have']);
  });

  it('fails on a job kind nobody classified', () => {
    expect(checkPlan(matching(), [...kinds, 'report.render'])).toEqual(['job kind report.render is not in JOB_KINDS: say whether its pending jobs move with an engagement']);
  });
});

describe('the file format', () => {
  const known = ['0001_foundation', '0019_webhooks', '0020_engagement_imports'];
  it('accepts the same or an older known schema and refuses a newer or unknown one with what to do', () => {
    expect(schemaVerdict('0020_engagement_imports', known)).toEqual({ ok: true, older: false });
    expect(schemaVerdict('0019_webhooks', known)).toEqual({ ok: true, older: true });
    const newer = schemaVerdict('0031_something', known);
    expect(newer.ok).toBe(false);
    expect(!newer.ok && newer.message).toMatch(/newer Candor \(schema 0031_something\); this instance is at schema 0020_engagement_imports\. Upgrade Candor here/);
    expect(schemaVerdict('0015_gone', known).ok).toBe(false);
  });

  it('checks the header', () => {
    expect(headerProblem({ type: 'header', format: 'candor-audit/1' })).toMatch(/not a Candor engagement file/);
    expect(headerProblem({ type: 'header', format: 'candor-engagement', formatVersion: FORMAT_VERSION + 1 })).toMatch(/format version 2; this Candor reads version 1/);
    expect(headerProblem({ type: 'header', format: 'candor-engagement', formatVersion: 1 })).toMatch(/incomplete/);
    expect(headerProblem({ type: 'header', format: 'candor-engagement', formatVersion: 1, schema: 's', engagement: { id: 'e', name: 'n' }, audit: { headHash: 'h' }, tables: {} })).toBeNull();
  });

  it('carries bytes through JSON', () => {
    const bytes = Buffer.from([0, 1, 254, 255]);
    const back = decodeValue(JSON.parse(JSON.stringify(encodeValue(bytes))));
    expect(Buffer.compare(back as Buffer, bytes)).toBe(0);
    expect(decodeValue(encodeValue('text'))).toBe('text');
    expect(decodeValue(encodeValue(null))).toBeNull();
  });
});
