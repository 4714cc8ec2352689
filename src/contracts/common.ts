import { z } from 'zod';

export const Id = z.string().min(1).max(64).describe('A text id (UUIDv7)');
export const IsoDateTime = z.string().describe('ISO-8601 UTC timestamp');
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-03-01')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'must be a real calendar date');
export const Visibility = z.enum(['shared', 'internal']).describe('shared: both sides; internal: provider only');
export const Role = z.enum(['lead', 'member', 'sponsor', 'stakeholder']);
export const Side = z.enum(['provider', 'client']);
export const OrgKind = z.enum(['provider', 'client']);
export const Email = z.email('must be an e-mail address').max(254).transform((s) => s.toLowerCase());
export const Password = z
  .string()
  .min(10, 'must have at least 10 characters')
  .max(256, 'must have at most 256 characters');

/** Plain text field: trimmed, length-limited; stored and shown as text (never HTML). */
export const Text = (max: number, min = 1) =>
  z
    .string()
    .trim()
    .min(min, min === 1 ? 'must not be empty' : `must have at least ${min} characters`)
    .max(max, `must have at most ${max} characters`);

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const Ok = z.object({ ok: z.literal(true) });

export const PageQuery = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const EngagementParams = z.strictObject({ id: Id });

export const UserRef = z.object({ id: Id, name: z.string(), email: z.string() });
export type UserRef = z.infer<typeof UserRef>;
