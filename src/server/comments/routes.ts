import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Comment, CommentParams, CommentSubjectQuery, CommentThread, CreateCommentBody, ReactionBody, UpdateCommentBody } from '../../contracts/comments';
import { EngagementParams } from '../../contracts/common';
import type { Deps } from '../http/context';
import { authorize, responses } from '../http/plumbing';
import { createComment, deleteComment, listComments, react, updateComment } from './service';

export const commentRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/engagements/:id/comments',
    { schema: { tags: ['comments'], summary: 'The thread on one object I can see (404 when I cannot see the object)', params: EngagementParams, querystring: CommentSubjectQuery, response: responses({ 200: CommentThread }) } },
    async (req) => listComments(deps, await authorize(deps, req, req.params.id, 'comment.read'), req.query),
  );

  app.post(
    '/engagements/:id/comments',
    { schema: { tags: ['comments'], summary: 'Comment on an object (Markdown; mentions notify members; internal: provider only)', params: EngagementParams, querystring: CommentSubjectQuery, body: CreateCommentBody, response: responses({ 201: Comment }) } },
    async (req, reply) => reply.status(201).send(await createComment(deps, await authorize(deps, req, req.params.id, 'comment.write'), req.query, req.body)),
  );

  app.patch(
    '/engagements/:id/comments/:commentId',
    { schema: { tags: ['comments'], summary: 'Edit my comment (the earlier words stay in its history)', params: CommentParams, body: UpdateCommentBody, response: responses({ 200: Comment }) } },
    async (req) => updateComment(deps, await authorize(deps, req, req.params.id, 'comment.write'), req.params.commentId, req.body),
  );

  app.delete(
    '/engagements/:id/comments/:commentId',
    { schema: { tags: ['comments'], summary: 'Delete a comment (author or lead): a tombstone stays, the audit log keeps the words', params: CommentParams, response: responses({ 200: Comment }) } },
    async (req) => deleteComment(deps, await authorize(deps, req, req.params.id, 'comment.write'), req.params.commentId),
  );

  app.post(
    '/engagements/:id/comments/:commentId/reactions',
    { schema: { tags: ['comments'], summary: 'Add my reaction to a comment', params: CommentParams, body: ReactionBody, response: responses({ 200: Comment }) } },
    async (req) => react(deps, await authorize(deps, req, req.params.id, 'comment.write'), req.params.commentId, req.body.reaction, true),
  );

  app.delete(
    '/engagements/:id/comments/:commentId/reactions',
    { schema: { tags: ['comments'], summary: 'Take my reaction back', params: CommentParams, querystring: ReactionBody, response: responses({ 200: Comment }) } },
    async (req) => react(deps, await authorize(deps, req, req.params.id, 'comment.write'), req.params.commentId, req.query.reaction, false),
  );
};
