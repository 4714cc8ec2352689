import { z } from 'zod';
import { estimateProblems, MAX_ESTIMATE_HOURS } from '../domain/delivery/estimates';
import { Id, IsoDate, IsoDateTime, Text, UserRef, Visibility } from './common';

// ── shared pieces ───────────────────────────────────────────────────────────
export const PhaseStatus = z
  .enum(['planned', 'active', 'in_review', 'done', 'stopped'])
  .describe('planned → active → in_review (gate review requested) → done or stopped (only through the gate review\'s decision)');
export const WorkItemStatus = z.enum(['backlog', 'in_progress', 'blocked', 'done', 'dropped']);
export const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code like EUR')
  .describe('ISO 4217 currency code');
const Hours = z.number().finite().min(0, 'must not be negative').max(MAX_ESTIMATE_HOURS, `must be at most ${MAX_ESTIMATE_HOURS} hours`);

export const EstimateInput = z
  .strictObject({ low: Hours, likely: Hours, high: Hours })
  .superRefine((e, ctx) => {
    // range problems are reported by each field's own check; here only the ordering
    if (![e.low, e.likely, e.high].every((v) => Number.isFinite(v) && v >= 0 && v <= MAX_ESTIMATE_HOURS)) return;
    for (const p of estimateProblems(e)) ctx.addIssue({ code: 'custom', path: [p.field], message: p.message });
  })
  .describe('Hours as a range: low ≤ likely ≤ high');

export const Estimate = z.object({
  low: z.number(),
  likely: z.number(),
  high: z.number(),
  estimatedBy: UserRef.nullable().describe('Who gave this estimate'),
  estimatedAt: IsoDateTime.nullable(),
});

export const PhaseRef = z.object({ id: Id, name: z.string() });
export const OutcomeRef = z.object({ id: Id, title: z.string() });

// ── settings ────────────────────────────────────────────────────────────────
export const ClientTimeView = z.enum(['entries', 'totals']).describe('entries: clients see shared time entries; totals: clients see totals only');

export const DeliverySettings = z.object({
  startDate: IsoDate.nullable().describe('First day time may be logged'),
  endDate: IsoDate.nullable().describe('Last day time may be logged'),
  clientTimeView: ClientTimeView,
  ratesShared: z.boolean().describe('Whether client roles may see rates'),
  budget: z.object({
    hours: z.number().nullable(),
    amount: z.number().nullable(),
    currency: Currency,
    alertThresholds: z.array(z.number()),
  }),
});

export const UpdateDeliverySettingsBody = z
  .strictObject({
    startDate: IsoDate.nullable().optional(),
    endDate: IsoDate.nullable().optional(),
    clientTimeView: ClientTimeView.optional(),
  })
  .refine((b) => !b.startDate || !b.endDate || b.startDate <= b.endDate, { path: ['endDate'], message: 'must not be before startDate' });

// ── phases ──────────────────────────────────────────────────────────────────
export const ExitCriterion = z.strictObject({ text: Text(500), met: z.boolean().default(false) });

export const Phase = z.object({
  id: Id,
  position: z.number().int(),
  name: z.string(),
  goal: z.string(),
  plannedStart: IsoDate,
  plannedEnd: IsoDate,
  exitCriteria: z.array(z.object({ text: z.string(), met: z.boolean() })),
  status: PhaseStatus,
  reviewRequestedAt: IsoDateTime.nullable(),
  doneAt: IsoDateTime.nullable(),
  awaitingGateReview: z.boolean().describe('In review: the gate review (both sides) decides whether the phase is done'),
  gateReviewId: Id.nullable().describe('The gate review its latest review request opened (GET …/gate-reviews/{reviewId})'),
  percentElapsed: z.number().nullable().describe('Share of the planned period elapsed today'),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export const PhaseList = z.object({ phases: z.array(Phase) });

const phaseDates = <T extends { plannedStart?: string | undefined; plannedEnd?: string | undefined }>(b: T) =>
  !b.plannedStart || !b.plannedEnd || b.plannedStart <= b.plannedEnd;

export const CreatePhaseBody = z
  .strictObject({
    name: Text(120),
    goal: Text(2000, 0).default(''),
    plannedStart: IsoDate,
    plannedEnd: IsoDate,
    exitCriteria: z.array(ExitCriterion).max(30).default([]),
    position: z.number().int().min(0).max(1000).optional().describe('0-based; appended when omitted'),
  })
  .refine(phaseDates, { path: ['plannedEnd'], message: 'must not be before plannedStart' });

export const UpdatePhaseBody = z
  .strictObject({
    name: Text(120).optional(),
    goal: Text(2000, 0).optional(),
    plannedStart: IsoDate.optional(),
    plannedEnd: IsoDate.optional(),
    exitCriteria: z.array(ExitCriterion).max(30).optional(),
    position: z.number().int().min(0).max(1000).optional(),
    status: PhaseStatus.optional().describe('Only planned ⇄ active by an edit; in_review via POST …/review; done only through the gate review'),
  })
  .refine(phaseDates, { path: ['plannedEnd'], message: 'must not be before plannedStart' });

export const RequestReviewBody = z.strictObject({
  note: Text(2000, 0).default(''),
  questions: z
    .array(z.strictObject({ key: z.string().trim().min(1, 'must not be empty').max(64).regex(/^[a-z][a-z0-9_]*$/, 'must be lower_snake_case, e.g. data_quality'), text: Text(300) }))
    .max(10)
    .optional()
    .describe("The engagement's own questions for this gate review, after the six fixed ones; omitted: those of its last review"),
});
export const PhaseParams = z.strictObject({ id: Id, phaseId: Id });

// ── work items ──────────────────────────────────────────────────────────────
export const WorkItemSummary = z.object({
  id: Id,
  title: z.string(),
  status: WorkItemStatus,
  phase: PhaseRef.nullable(),
  outcome: OutcomeRef.nullable(),
  estimate: Estimate.nullable(),
  assignee: UserRef.nullable(),
  visibility: Visibility,
  externalRef: z.string().nullable().describe('e.g. JIRA-123 or a GitHub issue URL'),
  actualMinutes: z.number().int().describe('Sum of the time entries you may see'),
  startedAt: IsoDateTime.nullable(),
  doneAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export const WorkItem = WorkItemSummary.extend({
  description: z.string().describe('Markdown; render without raw HTML'),
  externalSource: z.string().nullable(),
  canEdit: z.boolean(),
});
export const WorkItemPage = z.object({ items: z.array(WorkItemSummary), nextCursor: z.string().nullable(), total: z.number().int().describe('Items matching the filter') });

export const WorkItemSort = z.enum(['created', '-created', 'updated', '-updated', 'title', '-title', 'likely', '-likely', 'actual', '-actual', 'status', '-status']);
const csvList = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v), z.array(item).max(10));

export const WorkItemQuery = z.strictObject({
  status: csvList(WorkItemStatus).optional().describe('Comma-separated statuses'),
  phaseId: Id.optional(),
  outcomeId: Id.optional(),
  assigneeId: Id.optional(),
  visibility: Visibility.optional(),
  q: z.string().trim().max(200).optional().describe('Text in the title or external reference'),
  sort: WorkItemSort.default('-created').describe('Field, "-" for descending'),
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const CreateWorkItemBody = z.strictObject({
  title: Text(300),
  description: Text(100_000, 0).default(''),
  phaseId: Id.nullable().default(null),
  outcomeId: Id.nullable().default(null),
  status: WorkItemStatus.default('backlog'),
  estimate: EstimateInput.nullable().default(null),
  assigneeId: Id.nullable().default(null),
  visibility: Visibility.default('shared'),
  externalRef: Text(300).nullable().default(null),
});

export const UpdateWorkItemBody = z.strictObject({
  title: Text(300).optional(),
  description: Text(100_000, 0).optional(),
  phaseId: Id.nullable().optional(),
  outcomeId: Id.nullable().optional(),
  status: WorkItemStatus.optional(),
  estimate: EstimateInput.nullable().optional(),
  assigneeId: Id.nullable().optional(),
  visibility: Visibility.optional(),
  externalRef: Text(300).nullable().optional(),
});
export const WorkItemParams = z.strictObject({ id: Id, itemId: Id });

// ── time ────────────────────────────────────────────────────────────────────
const Minutes = z
  .number()
  .int('must be whole minutes')
  .min(1, 'must be at least 1 minute')
  .max(1440, 'must be at most 1440 minutes (24 hours)');

export const TimeEntry = z.object({
  id: Id,
  person: UserRef,
  dateWorked: IsoDate,
  minutes: z.number().int(),
  workItem: z.object({ id: Id, title: z.string(), externalRef: z.string().nullable() }).nullable(),
  note: z.string(),
  billable: z.boolean(),
  visibility: Visibility,
  loggedAt: IsoDateTime.describe('When it was logged (lateness = loggedAt − dateWorked)'),
  updatedAt: IsoDateTime,
  locked: z.boolean().describe('In a locked period: edits are refused'),
  canEdit: z.boolean(),
});
export const TimeEntryPage = z.object({
  mode: ClientTimeView.describe('totals: the lead shows clients totals only, so entries is empty for client roles'),
  entries: z.array(TimeEntry),
  nextCursor: z.string().nullable(),
});
export const TimeEntryQuery = z.strictObject({
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  userId: Id.optional(),
  workItemId: Id.optional(),
  billable: z.enum(['true', 'false']).optional(),
  visibility: Visibility.optional(),
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const CreateTimeEntryBody = z.strictObject({
  userId: Id.optional().describe('Whose time; defaults to you. Only the lead logs for others.'),
  dateWorked: IsoDate,
  minutes: Minutes,
  workItemId: Id.nullable().default(null),
  note: Text(4000, 0).default(''),
  billable: z.boolean().default(true),
  visibility: Visibility.default('shared'),
});
export const UpdateTimeEntryBody = z.strictObject({
  dateWorked: IsoDate.optional(),
  minutes: Minutes.optional(),
  workItemId: Id.nullable().optional(),
  note: Text(4000, 0).optional(),
  billable: z.boolean().optional(),
  visibility: Visibility.optional(),
});
export const TimeEntryParams = z.strictObject({ id: Id, entryId: Id });

export const TotalsQuery = z.strictObject({
  groupBy: z.enum(['day', 'week', 'month', 'person']).default('week'),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
});
export const TimeTotals = z.object({
  groupBy: z.enum(['day', 'week', 'month', 'person']),
  rows: z.array(z.object({ key: z.string(), label: z.string(), minutes: z.number().int(), billableMinutes: z.number().int(), entries: z.number().int() })),
  totalMinutes: z.number().int(),
  billableMinutes: z.number().int(),
});

export const TimeLock = z.object({ id: Id, periodStart: IsoDate, periodEnd: IsoDate, note: z.string(), lockedBy: UserRef, lockedAt: IsoDateTime });
export const TimeLockList = z.object({ locks: z.array(TimeLock) });
export const CreateTimeLockBody = z
  .strictObject({ periodStart: IsoDate, periodEnd: IsoDate, note: Text(500, 0).default('') })
  .refine((b) => b.periodStart <= b.periodEnd, { path: ['periodEnd'], message: 'must not be before periodStart' });
export const TimeLockParams = z.strictObject({ id: Id, lockId: Id });

// ── budget and rates ────────────────────────────────────────────────────────
export const Rate = z.object({
  id: Id,
  role: z.enum(['lead', 'member']).nullable(),
  user: UserRef.nullable(),
  hourlyRate: z.number(),
  currency: Currency,
});
export const RateList = z.object({ rates: z.array(Rate), shared: z.boolean() });
export const PutRatesBody = z.strictObject({
  rates: z
    .array(
      z
        .strictObject({
          role: z.enum(['lead', 'member']).nullable().default(null),
          userId: Id.nullable().default(null),
          hourlyRate: z.number().finite().min(0, 'must not be negative').max(100_000, 'must be at most 100000'),
          currency: Currency,
        })
        .refine((r) => (r.role == null) !== (r.userId == null), { path: ['role'], message: 'give either a role or a userId' }),
    )
    .max(200),
});

export const PutBudgetBody = z.strictObject({
  hours: z.number().finite().positive('must be above zero').max(1_000_000).nullable().default(null),
  amount: z.number().finite().positive('must be above zero').max(1_000_000_000).nullable().default(null),
  currency: Currency.default('EUR'),
  alertThresholds: z
    .array(z.number().finite().gt(0, 'must be above 0').max(200, 'must be at most 200'))
    .max(6)
    .default([75, 90])
    .describe('Percentages of the budget that raise an alert'),
  ratesShared: z.boolean().default(false).describe('Let client roles see the rates'),
});

export const BudgetAlert = z.object({
  metric: z.enum(['hours', 'money']),
  threshold: z.number(),
  percentSpent: z.number(),
  crossedOn: IsoDate,
  message: z.string(),
});
export const Burn = z.object({
  spentHours: z.number(),
  spentAmount: z.number().nullable(),
  remainingHours: z.number().nullable(),
  remainingAmount: z.number().nullable(),
  percentSpentHours: z.number().nullable(),
  percentSpentAmount: z.number().nullable(),
  percentElapsed: z.number().nullable().describe('Share of the engagement period elapsed'),
  unratedHours: z.number().describe('Billable hours of people without a rate (left out of money figures)'),
});
export const PhaseBurn = z.object({
  phase: PhaseRef,
  status: PhaseStatus,
  scopeHours: z.number().describe('Likely estimates of the phase items (not dropped)'),
  doneHours: z.number().describe('Likely estimates of the items done'),
  actualHours: z.number(),
  percentElapsed: z.number().nullable(),
  percentSpent: z.number().nullable().describe('Actual hours against the scope'),
});
export const Budget = z.object({
  budget: DeliverySettings.shape.budget,
  burn: Burn,
  alerts: z.array(BudgetAlert),
  phases: z.array(PhaseBurn),
  rates: z.array(Rate).nullable().describe('Null when you may not see rates'),
  billableOnly: z.literal(true).describe('Only billable time burns the budget'),
});

// ── overview ────────────────────────────────────────────────────────────────
export const DeliveryOverview = z.object({
  settings: DeliverySettings,
  burn: Burn,
  alerts: z.array(BudgetAlert),
  phases: z.array(PhaseBurn.extend({ items: z.number().int(), itemsDone: z.number().int(), plannedStart: IsoDate, plannedEnd: IsoDate, exitCriteriaMet: z.number().int(), exitCriteria: z.number().int() })),
  items: z.object({ total: z.number().int(), byStatus: z.record(z.string(), z.number().int()) }),
  time: z.object({ totalMinutes: z.number().int(), billableMinutes: z.number().int(), last7DaysMinutes: z.number().int(), internalMinutes: z.number().int().nullable().describe('Provider only: minutes client roles do not see') }),
});

// ── progress charts ─────────────────────────────────────────────────────────
export const ChartName = z.enum(['burnup', 'budget', 'outcomes', 'cycle-time']);
const Cell = z.union([z.string(), z.number(), z.null()]);
export const Chart = z.object({
  chart: ChartName,
  title: z.string(),
  description: z.string(),
  xKey: z.string().describe('The key of each data point that is its x value'),
  series: z.array(z.object({ key: z.string(), label: z.string(), unit: z.string() })),
  data: z.array(z.record(z.string(), Cell)).describe('One object per x value, for chart libraries'),
  table: z.object({ columns: z.array(z.object({ key: z.string(), label: z.string() })), rows: z.array(z.array(Cell)) }).describe('The same data as a table (accessibility and CSV)'),
  summary: z.record(z.string(), Cell).optional(),
});
export const ProgressQuery = z.strictObject({ phaseId: Id.optional().describe('burnup: one phase; the whole engagement when omitted') });
export const ChartParams = z.strictObject({ id: Id, chart: ChartName });

// ── imports ─────────────────────────────────────────────────────────────────
export const ImportSource = z.enum(['jira', 'github', 'harvest', 'toggl']);
export const ImportUploadQuery = z.strictObject({
  source: ImportSource.describe('jira, github (work items); harvest, toggl (time entries)'),
  fileName: z.string().trim().max(200).default('upload'),
  encoding: z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252']).optional().describe('Default: a byte-order mark decides, else UTF-8 is required'),
  delimiter: z.enum(['comma', 'semicolon', 'tab', 'pipe']).optional().describe('Default: detected from the header'),
});
export const GithubImportBody = z.strictObject({
  repository: z.string().trim().min(1).max(300).describe('owner/name (or the repository URL)'),
  token: z.string().min(1).max(500).describe('A GitHub personal access token that may read the issues; used for this fetch only, never stored'),
  state: z.enum(['open', 'closed', 'all']).default('all').describe('Which issues: open, closed or all (default)'),
  labels: z.string().trim().max(500).optional().describe('Comma-separated label names; only issues carrying all of them'),
});
export const RowProblem = z.object({ row: z.number().int().describe('Spreadsheet row (the header is row 1); for JSON the 1-based element'), field: z.string(), message: z.string() });
export const ImportOptions = z.strictObject({
  visibility: Visibility.default('shared'),
  estimateUnit: z.enum(['hours', 'seconds', 'days']).optional().describe('Unit of estimate columns (Jira exports seconds)'),
  hoursPerDay: z.number().positive().max(24).default(8),
  statusMap: z.record(z.string(), WorkItemStatus).default({}).describe('Tool status (case-insensitive) → ours'),
  defaultPhaseId: Id.nullable().default(null),
  defaultBillable: z.boolean().default(true),
});
export const Import = z.object({
  id: Id,
  source: ImportSource,
  kind: z.enum(['items', 'time']),
  fileName: z.string(),
  status: z.enum(['uploaded', 'running', 'checked', 'imported', 'failed']),
  progress: z.object({ phase: z.string(), processed: z.number().int(), total: z.number().int() }),
  format: z.object({ encoding: z.string(), delimiter: z.string().nullable(), headers: z.array(z.string()), totalRows: z.number().int() }),
  fields: z.array(z.string()).describe('Target fields a column may map to'),
  mapping: z.record(z.string(), z.string().nullable()).describe('Target field → column of the file (null: not imported)'),
  mappingProblems: z.array(z.object({ field: z.string(), message: z.string() })).describe('What must change before a run'),
  options: z.record(z.string(), z.unknown()),
  preview: z.array(z.record(z.string(), z.string())).describe('The first rows, mapped: target field → value as in the file'),
  result: z
    .object({
      dryRun: z.boolean(),
      skipBadRows: z.boolean(),
      rows: z.number().int(),
      created: z.number().int(),
      updated: z.number().int(),
      skipped: z.number().int(),
      failed: z.number().int(),
      written: z.boolean(),
      errors: z.array(RowProblem).describe('At most 500'),
      warnings: z.array(RowProblem).describe('At most 500'),
      message: z.string(),
    })
    .nullable(),
  createdBy: UserRef,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export const ImportList = z.object({ imports: z.array(Import.omit({ preview: true })) });
export const UpdateImportBody = z.strictObject({ mapping: z.record(z.string(), z.string().nullable()).optional(), options: ImportOptions.partial().optional() });
export const RunImportBody = z.strictObject({
  dryRun: z.boolean().default(true).describe('Check every row and report; write nothing'),
  skipBadRows: z.boolean().default(false).describe('Write the good rows even when some fail (otherwise nothing is written)'),
});
export const ImportParams = z.strictObject({ id: Id, importId: Id });
