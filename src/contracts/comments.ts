import { z } from 'zod';
import { type Reaction, REACTION_NAMES, SUBJECT_TYPES } from '../domain/comments/comments';
import { Id, IsoDateTime, Side, Text, UserRef, Visibility } from './common';

export const SubjectType = z.enum(SUBJECT_TYPES).describe('The kind of object the thread is on');
export const ReactionName = z.enum(REACTION_NAMES as [Reaction, ...Reaction[]]);

export const CommentSubjectQuery = z.strictObject({ subjectType: SubjectType, subjectId: Id });

export const CommentParams = z.strictObject({ id: Id, commentId: Id });

export const CommentReaction = z.object({ reaction: ReactionName, emoji: z.string(), count: z.number().int(), mine: z.boolean(), people: z.array(z.string()) });

export const CommentVersion = z.object({ body: z.string(), writtenBy: UserRef, writtenAt: IsoDateTime });

export const Comment = z.object({
  id: Id,
  subjectType: SubjectType,
  subjectId: Id,
  body: z.string().nullable().describe('Markdown (rendered without raw HTML); null once deleted'),
  visibility: Visibility,
  markedInternal: z.boolean(),
  side: Side,
  author: UserRef,
  mentions: z.array(UserRef),
  reactions: z.array(CommentReaction),
  edited: z.boolean(),
  editedAt: IsoDateTime.nullable(),
  history: z.array(CommentVersion).describe('Earlier bodies, oldest first'),
  deleted: z.boolean(),
  deletedBy: UserRef.nullable(),
  deletedAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
  canEdit: z.boolean(),
  canDelete: z.boolean(),
});
export type Comment = z.infer<typeof Comment>;

export const CommentThread = z.object({
  subjectType: SubjectType,
  subjectId: Id,
  subjectVisibility: Visibility,
  comments: z.array(Comment),
  /** Comments the reader cannot see yet (blind until the subject reveals them), counted only. */
  hiddenUntilRevealed: z.number().int(),
  canMarkInternal: z.boolean(),
});

export const CreateCommentBody = z.strictObject({
  body: Text(20_000),
  internal: z.boolean().default(false).describe('provider roles only: keep this comment provider-side'),
  mentions: z.array(Id).max(50).default([]).describe('member user ids from the people picker (tokens @[Name](userId) in the body count too)'),
});
export type CreateCommentBody = z.infer<typeof CreateCommentBody>;

export const UpdateCommentBody = z.strictObject({
  body: Text(20_000),
  mentions: z.array(Id).max(50).default([]),
});
export type UpdateCommentBody = z.infer<typeof UpdateCommentBody>;

export const ReactionBody = z.strictObject({ reaction: ReactionName });
