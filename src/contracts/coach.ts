import { z } from 'zod';
import { CATEGORIES, categoryOfRule, OPTIONAL_CATEGORIES } from '../domain/coach/types';
import { Id, IsoDateTime, Text } from './common';

/** The longest text the coach checks in one request (about 15,000 words). */
export const COACH_MAX_TEXT = 100_000;

export const CoachCategory = z.enum(CATEGORIES).describe('Fixed category keys: scripts may rely on them');

export const CoachBody = z.strictObject({
  text: z.string().max(COACH_MAX_TEXT, `must have at most ${COACH_MAX_TEXT} characters`).describe('The text to check; it is neither stored nor logged'),
  audience: z.enum(['client', 'team']).default('client').describe('client: jargon is flagged; team: it is not'),
  engagementId: Id.optional().describe("Use this engagement's glossary (you must be a member)"),
  include: z.array(z.enum(OPTIONAL_CATEGORIES)).max(OPTIONAL_CATEGORIES.length).default([]).describe('Optional categories to switch on'),
});

export const CoachFlag = z.object({
  category: CoachCategory,
  rule: z.string().describe('The rule that raised it; dismissals are counted per rule'),
  start: z.number().int().describe('Offset of the first character (UTF-16 code units)'),
  end: z.number().int().describe('Offset after the last character'),
  excerpt: z.string(),
  message: z.string().describe('Why it may be read otherwise'),
  suggestion: z.string().nullable().describe('A rewrite of the excerpt, or null'),
});
export type CoachFlag = z.infer<typeof CoachFlag>;

export const CoachResult = z.object({ flags: z.array(CoachFlag) });

/** A rule the coach can report: one of the English pack's, or an optional category's plugin rule. */
export const CoachRule = z
  .string()
  .max(80)
  .refine((r) => categoryOfRule(r) !== null, 'must be a rule the coach reports');

export const DismissalBody = z
  .strictObject({
    category: CoachCategory,
    rule: CoachRule,
    reason: Text(500, 0).optional().describe('Why the flag did not fit; stored without the text it was about'),
  })
  .refine((b) => categoryOfRule(b.rule) === null || categoryOfRule(b.rule) === b.category, { path: ['rule'], message: 'is not a rule of that category' });

export const DismissalCount = z.object({ category: CoachCategory, rule: z.string(), dismissals: z.number().int() });

export const DismissalStats = z.object({
  rules: z.array(
    DismissalCount.extend({
      lastDismissedAt: IsoDateTime,
      reasons: z.array(z.object({ reason: z.string(), at: IsoDateTime })).describe('The latest reasons given, newest first (at most 20)'),
    }),
  ),
});

export const GlossaryTerm = z.object({
  id: Id,
  term: z.string(),
  explanation: z.string(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type GlossaryTerm = z.infer<typeof GlossaryTerm>;

export const GlossaryList = z.object({ terms: z.array(GlossaryTerm), canEdit: z.boolean() });

export const CreateGlossaryTermBody = z.strictObject({
  term: Text(80),
  explanation: Text(500),
});
export const UpdateGlossaryTermBody = z.strictObject({
  term: Text(80).optional(),
  explanation: Text(500).optional(),
});
export const GlossaryTermParams = z.strictObject({ id: Id, termId: Id });
