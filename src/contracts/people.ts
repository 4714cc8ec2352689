import { z } from 'zod';
import { Id, Text } from './common';

/**
 * A person as Candor stores and shows them: an engagement member by user id
 * (`external: false`), or a third party who is not a member, by name
 * (`external: true`). `unresolved` marks a name the people migration (or a
 * bare name sent by an API client) could not match to exactly one member: the
 * lead should pick the member or confirm a third party. For a member, `name`
 * is the member's current name (a rename changes it, never who it is).
 */
export const Person = z.object({
  userId: Id.nullable().default(null),
  name: z.string().default(''),
  external: z.boolean().default(false),
  unresolved: z.boolean().default(false),
});
export type Person = z.infer<typeof Person>;

/**
 * What a client may send for a person: `{userId}` for a member (a `name` sent
 * back is ignored), `{name, external: true}` for a third party, or — for older
 * clients — a bare name, which becomes the member of that name when exactly
 * one matches and otherwise a third party flagged unresolved.
 */
export const PersonInput = z.union([
  Text(160),
  z.strictObject({ userId: Id, name: z.string().max(160).optional(), external: z.literal(false).optional(), unresolved: z.boolean().optional() }),
  z.strictObject({ userId: z.null().optional(), name: Text(160), external: z.literal(true), unresolved: z.boolean().optional() }),
]);
export type PersonInput = z.infer<typeof PersonInput>;

export const UnresolvedPerson = z.object({
  kind: z.enum(['charter', 'raid', 'decision']),
  objectId: Id,
  title: z.string().describe('What the name belongs to, e.g. "Charter version 3, RACI scope: accountable"'),
  field: z.string().describe('Where the name sits, as a field path'),
  name: z.string(),
  link: z.string(),
});
export const UnresolvedPeople = z.object({ items: z.array(UnresolvedPerson) });
