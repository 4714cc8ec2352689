import type { Transaction } from 'kysely';
import { canEditNote, changeVisibility } from '../../domain/authz/policy';
import { appendAudit } from '../audit/append';
import { type EngagementAccess, mayRead } from '../authz/access';
import { containsText } from '../db/like';
import type { DB, NotesTable } from '../db/schema';
import { newId } from '../ids';
import type { Deps } from '../http/context';
import { forbidden, notFound } from '../http/errors';
import { findScoped, scoped } from '../authz/scoped';

type NoteRow = NotesTable & { author_name: string; author_email: string };

function present(access: EngagementAccess, n: NoteRow) {
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    visibility: n.visibility,
    meetingDate: n.meeting_date,
    author: { id: n.author_id, name: n.author_name, email: n.author_email },
    createdAt: n.created_at,
    updatedAt: n.updated_at,
    canEdit: canEditNote(access.role, access.actor.userId, { authorId: n.author_id }),
  };
}

/** Every note query starts here: scoped to the engagement and to what the role may see. */
function visibleNotes(deps: Deps, access: EngagementAccess, visibility?: 'shared' | 'internal') {
  return scoped(deps.db, access, 'notes', { visibility })
    .innerJoin('users', 'users.id', 'notes.author_id')
    .selectAll('notes')
    .select(['users.name as author_name', 'users.email as author_email']);
}

export interface NoteFilter {
  q?: string | undefined;
  kind?: 'meeting' | 'working' | undefined;
  visibility?: 'shared' | 'internal' | undefined;
  cursor?: string | undefined;
  limit: number;
}

export async function listNotes(deps: Deps, access: EngagementAccess, f: NoteFilter) {
  let q = visibleNotes(deps, access, f.visibility);
  if (f.kind) q = q.where('notes.kind', '=', f.kind);
  if (f.q) {
    const needle = f.q;
    q = q.where((eb) => eb.or([containsText(eb.ref('notes.title'), needle), containsText(eb.ref('notes.body'), needle)]));
  }
  if (f.cursor) q = q.where('notes.id', '<', f.cursor);
  const rows = await q.orderBy('notes.id', 'desc').limit(f.limit + 1).execute();
  const page = rows.slice(0, f.limit);
  return {
    notes: page.map((n) => present(access, n)),
    nextCursor: rows.length > f.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

export async function getNote(deps: Deps, access: EngagementAccess, noteId: string) {
  const n = await visibleNotes(deps, access).where('notes.id', '=', noteId).executeTakeFirst();
  if (!n) throw notFound('Note not found');
  return present(access, n);
}

export interface NoteInput {
  kind: 'meeting' | 'working';
  title: string;
  body: string;
  visibility: 'shared' | 'internal';
  meetingDate: string | null;
}

export async function createNote(deps: Deps, access: EngagementAccess, input: NoteInput) {
  if (!mayRead(access, input.visibility)) {
    throw forbidden('Only the provider side can mark content internal');
  }
  const now = deps.clock.now().toISOString();
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('notes')
      .values({
        id,
        engagement_id: access.engagementId,
        kind: input.kind,
        title: input.title,
        body: input.body,
        visibility: input.visibility,
        meeting_date: input.meetingDate,
        author_id: access.actor.userId,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'note.created',
      object: { type: 'note', id },
      visibility: input.visibility,
      before: null,
      after: input,
    });
  });
  return getNote(deps, access, id);
}

/** A note the actor may change: read through the scoped path (404 when unseen), then the author-or-lead rule. */
async function noteToChange(trx: Transaction<DB>, access: EngagementAccess, noteId: string, verb: 'edit' | 'delete') {
  const n = await findScoped(trx, access, 'notes', noteId, 'Note not found');
  if (!canEditNote(access.role, access.actor.userId, { authorId: n.author_id })) {
    throw forbidden(`Only the author or the lead can ${verb} this note`);
  }
  return n;
}

export async function updateNote(deps: Deps, access: EngagementAccess, noteId: string, patch: Partial<NoteInput>) {
  await deps.db.transaction().execute(async (trx) => {
    const n = await noteToChange(trx, access, noteId, 'edit');
    if (patch.visibility && !mayRead(access, patch.visibility)) {
      throw forbidden('Only the provider side can mark content internal');
    }
    const before: NoteInput = { kind: n.kind, title: n.title, body: n.body, visibility: n.visibility, meetingDate: n.meeting_date };
    const after: NoteInput = {
      kind: patch.kind ?? before.kind,
      title: patch.title ?? before.title,
      body: patch.body ?? before.body,
      visibility: patch.visibility ?? before.visibility,
      meetingDate: patch.meetingDate === undefined ? before.meetingDate : patch.meetingDate,
    };
    await trx
      .updateTable('notes')
      .set({
        kind: after.kind,
        title: after.title,
        body: after.body,
        visibility: after.visibility,
        meeting_date: after.meetingDate,
        updated_at: deps.clock.now().toISOString(),
      })
      .where('id', '=', n.id)
      .execute();
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'note.updated',
      object: { type: 'note', id: n.id },
      visibility: changeVisibility(before, after),
      before,
      after,
    });
  });
  return getNote(deps, access, noteId);
}

export async function deleteNote(deps: Deps, access: EngagementAccess, noteId: string) {
  await deps.db.transaction().execute(async (trx) => {
    const n = await noteToChange(trx, access, noteId, 'delete');
    await trx.deleteFrom('notes').where('id', '=', n.id).execute();
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'note.deleted',
      object: { type: 'note', id: n.id },
      visibility: n.visibility,
      before: { kind: n.kind, title: n.title, body: n.body, visibility: n.visibility, meetingDate: n.meeting_date },
      after: null,
    });
  });
}

export async function countNotes(deps: Deps, access: EngagementAccess) {
  const rows = await scoped(deps.db, access, 'notes')
    .select(['visibility', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('visibility')
    .execute();
  const by = new Map(rows.map((r) => [r.visibility, Number(r.n)]));
  return {
    notes: (by.get('shared') ?? 0) + (by.get('internal') ?? 0),
    internalNotes: access.canSeeInternal ? (by.get('internal') ?? 0) : null,
  };
}
