import { z } from 'zod';
import { Id, IsoDate, IsoDateTime, Text } from './common';

const P = z.object({ p50: z.number(), p85: z.number(), p95: z.number() });
const PDates = z.object({ p50: IsoDate, p85: IsoDate, p95: IsoDate });

export const ForecastQuery = z.strictObject({
  phaseId: Id.optional().describe('Forecast one phase; the whole engagement when omitted'),
  seed: z.coerce.number().int('must be a whole number').min(0).max(4_294_967_295).default(1).describe('Same inputs and seed give the same numbers'),
  trials: z.coerce.number().int('must be a whole number').min(1_000, 'must be at least 1,000').max(100_000, 'must be at most 100,000').default(10_000),
});

const HistoryUse = z.object({
  source: z.enum(['estimator', 'team', 'prior']),
  items: z.number().int().describe('Remaining items whose draws came from this history'),
  estimateShare: z.number(),
  pairs: z.number().int().describe('Finished items (estimate vs actual) behind it; for the prior, the CESAW tasks it was fitted on'),
  estimators: z.number().int().optional(),
  from: IsoDate.nullable(),
  to: IsoDate.nullable(),
});

const Fallback = z.object({ level: z.enum(['estimator', 'team', 'shared-multiplier']), subject: z.string(), reason: z.string() });

export const ForecastExplanation = z.object({
  primarySource: z.enum(['estimator', 'team', 'prior']),
  history: z.array(HistoryUse),
  fallbacks: z.array(Fallback),
  historyLeftOut: z.object({ noEstimate: z.number().int(), noTime: z.number().int() }).describe('Finished items not usable as history'),
  sharedMultiplier: z.object({
    source: z.enum(['completed-projects', 'own-history', 'prior', 'none']),
    reason: z.string(),
    progress: z.number(),
    samples: z.number().int(),
    multiplier: z.object({ p05: z.number(), p50: z.number(), p95: z.number() }),
  }),
  spread: z.object({ sharedMultiplierShare: z.number(), perItemShare: z.number() }).nullable().describe('What drives the spread: the project-wide multiplier vs item-to-item noise'),
  teamWeight: z
    .object({ team: z.number(), prior: z.number(), effectiveItems: z.number(), halfWeightAt: z.number() })
    .nullable()
    .describe("Share of the per-item draws from the team's own history (the rest from the published CESAW prior), weighed by evidence"),
  summary: z.string(),
  notes: z.array(z.string()),
  trackRecord: z
    .object({
      applied: z.boolean(),
      judged: z.number().int(),
      scopes: z.number().int(),
      effort: z.object({ p50: z.number(), p85: z.number(), p95: z.number() }).describe('Factor applied to each level (1 = unchanged)'),
      dates: z.object({ p50: z.number(), p85: z.number(), p95: z.number() }).nullable().describe('Factor applied to the days until each date; null when not corrected'),
      pastHitRate: z.object({ p50: z.number(), p85: z.number(), p95: z.number() }).describe("Share of this engagement's judged forecasts that held at each level, before correction"),
      reason: z.string(),
      raw: z.object({
        effort: z.object({ p50: z.number(), p85: z.number(), p95: z.number() }),
        dates: z.object({ p50: IsoDate, p85: IsoDate, p95: IsoDate }).nullable(),
      }),
    })
    .nullable()
    .describe("The correction by this engagement's own judged forecasts (of the same audience), with the figures before it"),
});

const Completion = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('forecast'), hoursPerWeek: z.number(), p50: IsoDate, p85: IsoDate, p95: IsoDate, weeks: P }),
  z.object({ kind: z.literal('no-forecast'), reason: z.string(), weeksWithoutTime: z.number().int() }),
]);

export const FanPoint = z.object({
  date: IsoDate,
  p05: z.number(),
  p15: z.number(),
  p25: z.number(),
  p50: z.number(),
  p75: z.number(),
  p85: z.number(),
  p95: z.number(),
  plan: z.number().nullable(),
});

export const ForecastScope = z.object({
  kind: z.enum(['engagement', 'phase']),
  phase: z.object({ id: Id, name: z.string() }).nullable(),
  plannedEnd: IsoDate.nullable(),
});

export const Forecast = z.object({
  scope: ForecastScope,
  audience: z.enum(['all', 'shared']).describe('all: provider view (internal work included); shared: what the client sees'),
  asOf: IsoDateTime,
  seed: z.number().int(),
  trials: z.number().int(),
  remainingItems: z.number().int(),
  estimatedItems: z.number().int(),
  notEstimated: z.object({ count: z.number().int(), items: z.array(z.object({ id: Id, title: z.string() })) }).describe('Unfinished items without an estimate: counted, not silently dropped'),
  spentOnOpenHours: z.number(),
  sumOfEstimates: z.number(),
  statedRange: z.object({ low: z.number(), likely: z.number(), high: z.number() }),
  effort: P.describe('Remaining hours'),
  effortAtCompletion: P.describe('Hours logged on the scope so far + remaining'),
  distribution: z.array(z.object({ p: z.number(), value: z.number() })),
  capacity: z.object({
    hoursPerWeek: z.number(),
    windowWeeks: z.number().int(),
    entries: z.number().int(),
    weeksSinceLastEntry: z.number().int().nullable(),
    source: z.enum(['scope', 'engagement']),
    reason: z.string().nullable(),
    sampled: z
      .object({ historyWeeks: z.number().int(), p10: z.number(), median: z.number(), p90: z.number(), emptyWeeks: z.number().int() })
      .nullable()
      .describe('Weekly logged hours the dates sample capacity from'),
    plan: z.array(z.object({ label: z.string(), weeks: z.number(), perWeek: z.number() })).describe('Capacity-plan periods that replaced history'),
  }),
  completion: Completion,
  budget: z
    .object({
      currency: z.string(),
      hours: P.describe('Billable hours at completion'),
      amount: P.nullable().describe('Money at completion'),
      amountReason: z.string().nullable(),
      budgetHours: z.number().nullable(),
      budgetAmount: z.number().nullable(),
      chanceWithinBudget: z.number().nullable(),
      billableShare: z.number(),
      ratePerBillableHour: z.number().nullable(),
    })
    .nullable()
    .describe('Budget at completion (engagement scope only)'),
  plan: z.object({ plannedEnd: IsoDate.nullable(), remainingEstimate: z.number() }),
  fan: z.array(FanPoint),
  explanation: ForecastExplanation,
});
export type Forecast = z.infer<typeof Forecast>;

export const RecordForecastBody = z.strictObject({
  phaseId: Id.optional(),
  seed: z.number().int().min(0).max(4_294_967_295).default(1),
  note: Text(500, 0).default(''),
});

const Held = z.object({ p50: z.boolean(), p85: z.boolean(), p95: z.boolean() });
export const Judgement = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('pending'),
    openItems: z.number().int(),
    spentSinceHours: z.number().describe('Hours logged on the items it covered since it was made (its remaining effort is at least that)'),
    lastFinishedOn: IsoDate.nullable().describe('The day the last of its items finished so far'),
  }),
  z.object({ state: z.literal('void'), reason: z.string().describe('Items it covered were deleted or are no longer visible') }),
  z.object({ state: z.literal('judged'), actualHours: z.number(), completedOn: IsoDate, effortHeld: Held, dateHeld: Held.nullable() }),
]);

export const StoredForecast = z.object({
  id: Id,
  scope: ForecastScope,
  audience: z.enum(['all', 'shared']),
  asOf: IsoDateTime,
  trigger: z.enum(['manual', 'weekly']),
  recordedBy: z.object({ id: Id, name: z.string() }).nullable(),
  note: z.string(),
  seed: z.number().int(),
  items: z.number().int(),
  effort: P,
  dates: PDates.nullable(),
  amount: P.nullable(),
  judgement: Judgement,
});
export const StoredForecastList = z.object({ forecasts: z.array(StoredForecast) });
export const StoredForecastDetail = StoredForecast.extend({ forecast: Forecast });
export const StoredForecastParams = z.strictObject({ id: Id, forecastId: Id });
export const StoredForecastQuery = z.strictObject({
  phaseId: Id.optional().describe('Only this phase; "engagement" scope when omitted unless all=true'),
  all: z.enum(['true', 'false']).default('false').describe('Every scope'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const CalibrationRecord = z.object({
  forecasts: z.number().int(),
  judged: z.number().int(),
  pending: z.number().int(),
  void: z.number().int().describe('Stored forecasts that cannot be judged: items they covered were deleted or made invisible'),
  effort: z.object({ p50: z.number().int(), p85: z.number().int(), p95: z.number().int() }).describe('Judged forecasts whose actual remaining effort was at or under P50/P85/P95'),
  datesJudged: z.number().int(),
  dates: z.object({ p50: z.number().int(), p85: z.number().int(), p95: z.number().int() }),
  summary: z.string(),
});
