import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { EngagementParams, Ok } from '../../contracts/common';
import { CreateNoteBody, Note, NoteList, NoteParams, NoteQuery, UpdateNoteBody } from '../../contracts/notes';
import type { Deps } from '../http/context';
import { authorize, responses } from '../http/plumbing';
import { createNote, deleteNote, getNote, listNotes, updateNote } from './service';

export const noteRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/engagements/:id/notes',
    { schema: { tags: ['notes'], summary: 'Notes I may read, newest first; filter and search', params: EngagementParams, querystring: NoteQuery, response: responses({ 200: NoteList }) } },
    async (req) => listNotes(deps, await authorize(deps, req, req.params.id, 'note.read'), req.query),
  );

  app.post(
    '/engagements/:id/notes',
    { schema: { tags: ['notes'], summary: 'Write a note (internal: provider only)', params: EngagementParams, body: CreateNoteBody, response: responses({ 201: Note }) } },
    async (req, reply) => reply.status(201).send(await createNote(deps, await authorize(deps, req, req.params.id, 'note.create'), req.body)),
  );

  app.get(
    '/engagements/:id/notes/:noteId',
    { schema: { tags: ['notes'], summary: 'One note', params: NoteParams, response: responses({ 200: Note }) } },
    async (req) => getNote(deps, await authorize(deps, req, req.params.id, 'note.read'), req.params.noteId),
  );

  app.patch(
    '/engagements/:id/notes/:noteId',
    { schema: { tags: ['notes'], summary: 'Edit a note (author or lead)', params: NoteParams, body: UpdateNoteBody, response: responses({ 200: Note }) } },
    async (req) => updateNote(deps, await authorize(deps, req, req.params.id, 'note.update'), req.params.noteId, req.body),
  );

  app.delete(
    '/engagements/:id/notes/:noteId',
    { schema: { tags: ['notes'], summary: 'Delete a note (author or lead); the audit log keeps it', params: NoteParams, response: responses({ 200: Ok }) } },
    async (req) => {
      await deleteNote(deps, await authorize(deps, req, req.params.id, 'note.update'), req.params.noteId);
      return { ok: true as const };
    },
  );
};
