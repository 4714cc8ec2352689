import { z } from 'zod';
import { Id, IsoDate } from './common';

const Kind = z.enum(['people', 'closed']).describe('people: who works in the period, at hours per week each; closed: no capacity (office closed)');

export const CapacityPlanPeriodInput = z
  .strictObject({
    kind: Kind,
    startsOn: IsoDate.describe('First day covered'),
    endsOn: IsoDate.nullable().default(null).describe('Last day covered; null = open-ended'),
    personIds: z.array(Id).max(200).default([]).describe('Members working in the period (user ids); empty for a closure'),
    hoursPerPersonWeek: z.number().min(0.5, 'must be at least 0.5').max(80, 'must be at most 80').default(40),
    note: z.string().max(500).default(''),
  })
  .describe('One period of the capacity plan');

export const CapacityPlanBody = z.strictObject({
  periods: z.array(CapacityPlanPeriodInput).max(50, 'at most 50 periods').describe('The whole plan; replaces the previous one'),
});

export const CapacityPlanPeriod = z.object({
  id: Id,
  kind: Kind,
  startsOn: IsoDate,
  endsOn: IsoDate.nullable(),
  people: z.array(z.object({ id: Id, name: z.string() })),
  hoursPerPersonWeek: z.number(),
  hoursPerWeek: z.number().describe('Capacity the period stands for (people × hours each; 0 when closed)'),
  label: z.string().describe('How the forecast names it, e.g. "2 people from 2027-01-06"'),
  note: z.string(),
});

export const CapacityPlan = z.object({ periods: z.array(CapacityPlanPeriod) });
