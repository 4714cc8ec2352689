import { z } from 'zod';
import { Id, IsoDate, IsoDateTime, Side, Text, UserRef } from './common';
import { Person, PersonInput } from './people';

const PersonRef = z.string().trim().min(1, 'must not be empty').max(160).describe('A person or role name');

export const CharterOutcome = z.strictObject({
  key: z.string().min(1).max(64).optional().describe('Stable key; omitted for a new outcome'),
  title: Text(200),
  indicator: Text(400),
  unit: Text(40, 0).default(''),
  baseline: z.number().finite(),
  target: z.number().finite(),
  current: z.number().finite().optional(),
  dueDate: IsoDate.nullable().default(null),
});

/** A RACI row; people are members by id, or named third parties (ADR 0016). */
const raciRow = <P extends z.ZodType>(person: P) =>
  z.strictObject({
    decisionKind: Text(80),
    responsible: z.array(person).max(20).default([]),
    accountable: person,
    consulted: z.array(person).max(20).default([]),
    informed: z.array(person).max(20).default([]),
  });
export const RaciRow = raciRow(Person);
export const RaciRowInput = raciRow(PersonInput);

export const Meeting = z.strictObject({
  name: Text(120),
  every: z.enum(['weekly', 'fortnightly', 'monthly', 'per-phase']),
  attendees: z.array(PersonRef).max(30).default([]),
});

export const EscalationLevel = z.strictObject({
  level: z.number().int().min(1).max(10).optional(),
  person: PersonRef,
  userId: Id.nullable().default(null).describe('The member this level reaches, when a member'),
  responseHours: z.number().positive('must be above zero').max(24 * 30, 'must be at most 720 hours'),
});

export const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri']);
export const TimeZone = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Oslo');
const CADENCE_DEFAULTS = () => ({
  statusUpdateEvery: 'weekly' as const,
  statusUpdateWeekday: 'fri' as const,
  timeZone: 'UTC',
  holidays: [],
  gateReviewReminderDays: 5,
  futureReviewEvery: 'monthly' as const,
  meetings: [],
});

const charterBody = <R extends z.ZodType>(raci: R) =>
  z.strictObject({
    purpose: Text(4000, 0).default(''),
    outcomes: z.array(CharterOutcome).max(50).default([]),
    collaboration: z.array(raci).max(40).default([]),
    cadence: z
      .strictObject({
        statusUpdateEvery: z.enum(['weekly', 'fortnightly', 'monthly']),
        statusUpdateWeekday: Weekday.default('fri').describe('The working day status updates are due on'),
        timeZone: TimeZone.default('UTC').describe("The engagement's IANA time zone: due dates and working days are counted in it"),
        holidays: z.array(IsoDate).max(100).default([]).describe('Dates that are not working days (besides Saturdays and Sundays)'),
        gateReviewReminderDays: z.number().int().min(1, 'must be at least 1 day').max(30, 'must be at most 30 days').default(5).describe('Days a side may take to answer a gate review before it is reminded'),
        futureReviewEvery: z.enum(['monthly', 'quarterly']).default('monthly').describe('How often both sides review the future agenda'),
        meetings: z.array(Meeting).max(20).default([]),
      })
      .default(CADENCE_DEFAULTS),
    escalation: z.array(EscalationLevel).max(10).default([]),
  });
/** The charter as stored and shown: RACI people as {userId} or named third parties. */
export const CharterBody = charterBody(RaciRow);
export type CharterBody = z.infer<typeof CharterBody>;
/** The charter as a client proposes it: RACI people as ids, third parties, or (older clients) bare names. */
export const CharterBodyInput = charterBody(RaciRowInput);
export type CharterBodyInput = z.infer<typeof CharterBodyInput>;

export const ProposeCharterBody = z.strictObject({ body: CharterBodyInput, note: Text(2000, 0).default('') });

export const CharterVersion = z.object({
  id: Id,
  version: z.number().int(),
  status: z.enum(['proposed', 'agreed', 'superseded', 'withdrawn']),
  note: z.string(),
  body: CharterBody,
  proposedBy: UserRef,
  createdAt: IsoDateTime,
  providerAcceptedBy: UserRef.nullable(),
  providerAcceptedAt: IsoDateTime.nullable(),
  clientAcceptedBy: UserRef.nullable(),
  clientAcceptedAt: IsoDateTime.nullable(),
  agreedAt: IsoDateTime.nullable(),
  awaiting: Side.nullable().describe('Which side has yet to accept'),
});
export type CharterVersion = z.infer<typeof CharterVersion>;

export const CharterState = z.object({
  agreed: CharterVersion.nullable(),
  pending: CharterVersion.nullable(),
  history: z.array(CharterVersion),
});
export type CharterState = z.infer<typeof CharterState>;

export const CharterVersionParams = z.strictObject({ id: Id, versionId: Id });
