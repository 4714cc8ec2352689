import { z } from 'zod';
import { Id, IsoDate, IsoDateTime, Text, UserRef, Visibility } from './common';

export const NoteKind = z.enum(['meeting', 'working']);

export const Note = z.object({
  id: Id,
  kind: NoteKind,
  title: z.string(),
  body: z.string().describe('Markdown; rendered without raw HTML'),
  visibility: Visibility,
  meetingDate: IsoDate.nullable(),
  author: UserRef,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  canEdit: z.boolean(),
});
export type Note = z.infer<typeof Note>;

export const NoteList = z.object({ notes: z.array(Note), nextCursor: z.string().nullable() });

export const CreateNoteBody = z.strictObject({
  kind: NoteKind.default('working'),
  title: Text(200),
  body: Text(100_000, 0).default(''),
  visibility: Visibility.default('shared'),
  meetingDate: IsoDate.nullable().default(null),
});

export const UpdateNoteBody = z.strictObject({
  kind: NoteKind.optional(),
  title: Text(200).optional(),
  body: Text(100_000, 0).optional(),
  visibility: Visibility.optional(),
  meetingDate: IsoDate.nullable().optional(),
});

export const NoteQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  kind: NoteKind.optional(),
  visibility: Visibility.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const NoteParams = z.strictObject({ id: Id, noteId: Id });
