import { createHmac } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { CreateCommentBody, UpdateCommentBody } from '../../contracts/comments';
import { canSee, sideOf } from '../../domain/authz/policy';
import { allMentions, commentVisibility, excerpt, REACTIONS, type Reaction, type SubjectType } from '../../domain/comments/comments';
import { appendAudit } from '../audit/append';
import type { EngagementAccess } from '../authz/access';
import { findScoped, scoped } from '../authz/scoped';
import type { CommentsTable, DB } from '../db/schema';
import { refOf, refOrNull, userRefs } from '../db/users';
import type { Deps } from '../http/context';
import { forbidden, invalid, notFound } from '../http/errors';
import { newId } from '../ids';
import { notify } from '../notify/notify';
import { type LoadedSubject, loadSubject } from './subjects';

type Db = Kysely<DB> | Transaction<DB>;

export interface SubjectRef {
  subjectType: SubjectType;
  subjectId: string;
}

/** Whether the subject's comments are blind right now (each side sees its own only). */
async function isBlind(db: Db, s: LoadedSubject) {
  return s.subject.blindUntil ? s.subject.blindUntil(db as Kysely<DB>, s.id) : false;
}

/** The comments of one thread the reader may see: scoped (visibility), then blind comments of the other side left out. */
export async function listComments(deps: Deps, access: EngagementAccess, ref: SubjectRef) {
  const subject = await loadSubject(deps.db, access, ref.subjectType, ref.subjectId);
  const blind = await isBlind(deps.db, subject);
  const rows = await scoped(deps.db, access, 'comments')
    .selectAll()
    .where('subject_type', '=', ref.subjectType)
    .where('subject_id', '=', ref.subjectId)
    .orderBy('id')
    .execute();
  const visible = blind ? rows.filter((c) => c.side === access.side) : rows;
  return {
    subjectType: ref.subjectType,
    subjectId: ref.subjectId,
    subjectVisibility: subject.visibility,
    comments: await presentAll(deps.db, access, visible),
    hiddenUntilRevealed: rows.length - visible.length,
    canMarkInternal: access.canSeeInternal && subject.visibility === 'shared',
  };
}

async function presentAll(db: Db, access: EngagementAccess, rows: CommentsTable[]) {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [versions, reactions] = await Promise.all([
    scoped(db as Kysely<DB>, access, 'comment_versions').selectAll().where('comment_id', 'in', ids).orderBy('id').execute(),
    scoped(db as Kysely<DB>, access, 'comment_reactions').selectAll().where('comment_id', 'in', ids).orderBy('created_at').execute(),
  ]);
  const mentions = new Map(rows.map((r) => [r.id, JSON.parse(r.mentions) as string[]]));
  const users = await userRefs(db as Kysely<DB>, [
    ...rows.flatMap((r) => [r.author_id, r.deleted_by]),
    ...[...mentions.values()].flat(),
    ...versions.map((v) => v.written_by),
    ...reactions.map((r) => r.user_id),
  ]);
  return rows.map((c) => {
    const mine = reactions.filter((r) => r.comment_id === c.id);
    const byReaction = new Map<string, typeof mine>();
    for (const r of mine) byReaction.set(r.reaction, [...(byReaction.get(r.reaction) ?? []), r]);
    const deleted = c.body === null;
    return {
      id: c.id,
      subjectType: c.subject_type as SubjectType,
      subjectId: c.subject_id,
      body: c.body,
      visibility: c.visibility,
      markedInternal: c.marked_internal === 1,
      side: c.side,
      author: refOf(users, c.author_id),
      mentions: deleted ? [] : (mentions.get(c.id) ?? []).map((u) => refOf(users, u)),
      reactions: deleted
        ? []
        : [...byReaction.entries()].map(([reaction, rs]) => ({
            reaction: reaction as Reaction,
            emoji: REACTIONS[reaction as Reaction] ?? reaction,
            count: rs.length,
            mine: rs.some((r) => r.user_id === access.actor.userId),
            people: rs.map((r) => refOf(users, r.user_id).name),
          })),
      edited: c.edits > 0,
      editedAt: c.edited_at,
      // a deleted comment keeps its history in the audit log only: the tombstone shows no earlier words
      history: deleted ? [] : versions.filter((v) => v.comment_id === c.id).map((v) => ({ body: v.body, writtenBy: refOf(users, v.written_by), writtenAt: v.written_at })),
      deleted,
      deletedBy: refOrNull(users, c.deleted_by),
      deletedAt: c.deleted_at,
      createdAt: c.created_at,
      canEdit: !deleted && c.author_id === access.actor.userId,
      canDelete: !deleted && (c.author_id === access.actor.userId || access.role === 'lead'),
    };
  });
}

/**
 * The people a comment mentions, checked: members of the engagement, able to
 * read the comment (no client in an internal comment), and on the author's
 * side while the subject is blind. `listed` errors name `mentions.N`; tokens
 * in the body name `body`.
 */
async function checkMentions(db: Db, access: EngagementAccess, body: string, listed: string[], visibility: 'shared' | 'internal', blind: boolean) {
  const wanted = allMentions(body, listed);
  if (wanted.length === 0) return wanted;
  const rows = await scoped(db as Kysely<DB>, access, 'memberships').select(['user_id', 'role']).where('user_id', 'in', wanted).execute();
  const roles = new Map(rows.map((r) => [r.user_id, r.role]));
  for (const userId of wanted) {
    const i = listed.indexOf(userId);
    const field = i >= 0 ? `mentions.${i}` : 'body';
    const role = roles.get(userId);
    if (!role) throw invalid(field, `${userId} is not a member of this engagement`);
    if (!canSee(role, visibility)) throw invalid(field, 'mentions someone on the client side in an internal comment: they could not read it');
    if (blind && sideOf(role) !== access.side) throw invalid(field, 'mentions someone on the other side while the comments are blind: they could not read it yet');
  }
  return wanted;
}

/**
 * A comment's visibility as of now: internal when its subject is internal now
 * (a work item made internal after the comment was written) or it was marked
 * internal. Every later write (edit, delete, reaction, mention) uses this, never
 * the visibility stored when the comment was written.
 */
const visibilityNow = (c: CommentsTable, s: LoadedSubject) => commentVisibility(s.visibility, c.marked_internal === 1);

/** The words of a comment for its audit record: blind comments keep only a hash until revealed, so the activity log cannot tell the other side. */
const auditBody = (body: string, blind: boolean, key: string) => (blind ? { bodyHmac: keyed(key, body), blind: true } : { body });

/** Keyed with a server secret, so the other side cannot guess a short blind comment ("+1", "agree") from its hash (ADR 0015). */
const keyed = (key: string, s: string) => createHmac('sha256', key).update(s).digest('hex');

async function notifyMentions(trx: Transaction<DB>, deps: Deps, access: EngagementAccess, s: LoadedSubject, userIds: string[], visibility: 'shared' | 'internal', body: string) {
  await notify(trx, deps, {
    engagementId: access.engagementId,
    visibility,
    userIds: userIds.filter((u) => u !== access.actor.userId),
    kind: 'comment.mention',
    title: `${access.actor.name} mentioned you on ${s.subject.noun} “${s.title}”`,
    body: excerpt(body),
    link: s.subject.link(access.engagementId, s.id),
  });
}

export async function createComment(deps: Deps, access: EngagementAccess, ref: SubjectRef, input: CreateCommentBody) {
  if (input.internal && !access.canSeeInternal) throw forbidden('Only the provider side can mark a comment internal');
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    const s = await loadSubject(trx, access, ref.subjectType, ref.subjectId);
    const blind = await isBlind(trx, s);
    const visibility = commentVisibility(s.visibility, input.internal);
    const mentions = await checkMentions(trx, access, input.body, input.mentions, visibility, blind);
    const at = deps.clock.now().toISOString();
    await trx
      .insertInto('comments')
      .values({
        id,
        engagement_id: access.engagementId,
        subject_type: ref.subjectType,
        subject_id: ref.subjectId,
        visibility,
        marked_internal: input.internal ? 1 : 0,
        side: access.side,
        body: input.body,
        mentions: JSON.stringify(mentions),
        author_id: access.actor.userId,
        edits: 0,
        edited_at: null,
        deleted_by: null,
        deleted_at: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'comment.created',
      object: { type: 'comment', id },
      visibility,
      before: null,
      after: { subjectType: ref.subjectType, subjectId: ref.subjectId, subjectTitle: s.title, ...auditBody(input.body, blind, deps.config.sessionSecret), mentions, visibility },
    });
    await notifyMentions(trx, deps, access, s, mentions, visibility, input.body);
  });
  return getComment(deps, access, id);
}

/** One comment the reader may see: scoped, its subject still visible to them, and not blind to their side. */
async function loadComment(db: Db, access: EngagementAccess, commentId: string) {
  const c = await findScoped(db as Kysely<DB>, access, 'comments', commentId, 'Comment not found');
  const s = await loadSubject(db as Kysely<DB>, access, c.subject_type as SubjectType, c.subject_id).catch(() => {
    throw notFound('Comment not found');
  });
  const blind = await isBlind(db, s);
  if (blind && c.side !== access.side) throw notFound('Comment not found');
  return { c, s, blind };
}

export async function getComment(deps: Deps, access: EngagementAccess, commentId: string) {
  const { c } = await loadComment(deps.db, access, commentId);
  return (await presentAll(deps.db, access, [c]))[0]!;
}

export async function updateComment(deps: Deps, access: EngagementAccess, commentId: string, input: UpdateCommentBody) {
  await deps.db.transaction().execute(async (trx) => {
    const { c, s, blind } = await loadComment(trx, access, commentId);
    if (c.body === null) throw invalid('body', 'this comment was deleted; it cannot be edited');
    if (c.author_id !== access.actor.userId) throw forbidden('Only the author can edit a comment');
    if (c.body === input.body) return;
    const before = JSON.parse(c.mentions) as string[];
    const vis = visibilityNow(c, s);
    const mentions = await checkMentions(trx, access, input.body, input.mentions, vis, blind);
    const at = deps.clock.now().toISOString();
    await trx
      .insertInto('comment_versions')
      .values({ id: newId(), comment_id: c.id, body: c.body, written_by: c.author_id, written_at: c.edited_at ?? c.created_at, replaced_at: at })
      .execute();
    await trx
      .updateTable('comments')
      .set({ body: input.body, mentions: JSON.stringify(mentions), edits: c.edits + 1, edited_at: at, updated_at: at, visibility: vis })
      .where('id', '=', c.id)
      .execute();
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'comment.edited',
      object: { type: 'comment', id: c.id },
      visibility: vis,
      before: { subjectType: c.subject_type, subjectId: c.subject_id, subjectTitle: s.title, ...auditBody(c.body, blind, deps.config.sessionSecret) },
      after: { subjectType: c.subject_type, subjectId: c.subject_id, subjectTitle: s.title, ...auditBody(input.body, blind, deps.config.sessionSecret), mentions },
    });
    // only people newly mentioned hear about it
    await notifyMentions(trx, deps, access, s, mentions.filter((u) => !before.includes(u)), vis, input.body);
  });
  return getComment(deps, access, commentId);
}

/** Deleting leaves a tombstone (who, when) in the thread; the words stay in the audit record. The author or the engagement lead may delete. */
export async function deleteComment(deps: Deps, access: EngagementAccess, commentId: string) {
  await deps.db.transaction().execute(async (trx) => {
    const { c, s, blind } = await loadComment(trx, access, commentId);
    if (c.body === null) return;
    if (c.author_id !== access.actor.userId && access.role !== 'lead') throw forbidden('Only the author or the lead can delete a comment');
    const at = deps.clock.now().toISOString();
    const vis = visibilityNow(c, s);
    await trx.updateTable('comments').set({ body: null, deleted_by: access.actor.userId, deleted_at: at, updated_at: at, visibility: vis }).where('id', '=', c.id).execute();
    await trx.deleteFrom('comment_reactions').where('comment_id', '=', c.id).execute();
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: 'comment.deleted',
      object: { type: 'comment', id: c.id },
      visibility: vis,
      before: { subjectType: c.subject_type, subjectId: c.subject_id, subjectTitle: s.title, ...auditBody(c.body, blind, deps.config.sessionSecret), authorId: c.author_id },
      after: { subjectType: c.subject_type, subjectId: c.subject_id, subjectTitle: s.title, deleted: true },
    });
  });
  return getComment(deps, access, commentId);
}

export async function react(deps: Deps, access: EngagementAccess, commentId: string, reaction: Reaction, on: boolean) {
  await deps.db.transaction().execute(async (trx) => {
    const { c, s } = await loadComment(trx, access, commentId);
    if (c.body === null) throw invalid('reaction', 'this comment was deleted');
    const has = await scoped(trx, access, 'comment_reactions')
      .select('reaction')
      .where('comment_id', '=', c.id)
      .where('user_id', '=', access.actor.userId)
      .where('reaction', '=', reaction)
      .executeTakeFirst();
    if (!!has === on) return;
    if (on) await trx.insertInto('comment_reactions').values({ comment_id: c.id, user_id: access.actor.userId, reaction, created_at: deps.clock.now().toISOString() }).execute();
    else await trx.deleteFrom('comment_reactions').where('comment_id', '=', c.id).where('user_id', '=', access.actor.userId).where('reaction', '=', reaction).execute();
    await appendAudit(trx, deps, {
      chain: access.engagementId,
      actor: access.actor,
      action: on ? 'comment.reacted' : 'comment.unreacted',
      object: { type: 'comment', id: c.id },
      visibility: visibilityNow(c, s),
      before: null,
      after: { subjectType: c.subject_type, subjectId: c.subject_id, subjectTitle: s.title, reaction },
    });
  });
  return getComment(deps, access, commentId);
}
