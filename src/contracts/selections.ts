/**
 * Partner selection (issue 15, ADR 0023): a client organization scores candidate
 * providers before any engagement exists, then carries what it learned into the
 * engagement it starts.
 *
 * - A selection belongs to a client organization; only its members (owner,
 *   evaluators) see it. Everyone else — another organization's users, a
 *   candidate's users, the instance admin — gets 404 for all of it.
 * - A member may hold both roles: the owner scores only when also added as an
 *   evaluator (POST …/evaluators with their own user id).
 * - Blind scoring: per candidate, an evaluator sees only their own scores until
 *   they submit that candidate; then they see the others' submitted scores.
 *   Drafts are never shown to anyone else. An owner who does not evaluate sees
 *   submitted scores only.
 * - Results use submitted scores only; 409 before any evaluator submitted, and
 *   for an evaluator who has not yet submitted every candidate (the aggregate
 *   would reveal the others' scores).
 *
 * Routes (all under /api/v1):
 *   GET  /selections                                   → SelectionList
 *   POST /selections                 CreateSelectionBody → 201 SelectionDetail (any user of a client organization)
 *   GET  /selection-directory                          → SelectionDirectory (colleagues, provider organizations)
 *   GET  /selections/:selectionId                      → SelectionDetail
 *   PUT  /selections/:selectionId/criteria  CriteriaBody → SelectionDetail (owner)
 *   POST /selections/:selectionId/candidates CandidateBody → 201 Candidate (owner)
 *   POST /selections/:selectionId/evaluators EvaluatorBody → 201 SelectionMember (owner)
 *   POST /selections/:selectionId/scores   ScoresBody    → SelectionDetail (evaluators)
 *   GET  /selections/:selectionId/results               → Results (409 before any submission)
 *   POST /selections/:selectionId/candidates/:candidateId/evidence EvidenceBody → 201 Evidence (members)
 *   GET  /selections/:selectionId/candidates/:candidateId/evidence/:evidenceId/file → the bytes
 *   POST /selections/:selectionId/candidates/:candidateId/red-flags RedFlagBody → 201 RedFlag (members)
 *   PUT  /selections/:selectionId/red-flag-rules RedFlagRulesBody → { rules: RedFlagRule[] } (owner)
 *   POST /selections/:selectionId/decision  DecisionBody  → SelectionDetail (owner)
 *   POST /selections/:selectionId/invitation InvitationBody → 201 CreatedSelectionInvitation (owner, after the decision)
 *   GET  /selection-invitations/:token                  → SelectionInvitationPreview (no sign-in)
 *   POST /selection-invitations/:token/accept AcceptSelectionInvitationBody → AcceptedSelectionInvitation
 *   GET  /engagements/:id/selection-baseline            → SelectionBaselineResponse (members of the engagement)
 */
import { z } from 'zod';
import { Email, Id, IsoDateTime, Password, Text, UserRef } from './common';

export const SelectionParams = z.strictObject({ selectionId: Id });
export const CandidateParams = z.strictObject({ selectionId: Id, candidateId: Id });
export const EvidenceParams = z.strictObject({ selectionId: Id, candidateId: Id, evidenceId: Id });
export const SelectionInvitationToken = z.strictObject({ token: z.string().min(10).max(200) });

export const SelectionRole = z.enum(['owner', 'evaluator']);
export const SelectionStatus = z
  .enum(['draft', 'scoring', 'decided'])
  .describe('draft: building the scorecard; scoring: the first score was saved; decided: a candidate was chosen');

/** The default template's criteria: the same fixed keys as the gate review's questions. */
export const DEFAULT_CRITERIA = [
  { key: 'business_understanding', label: 'Understands our business, not only our tasks', weight: 20 },
  { key: 'collaboration_clarity', label: 'Explains clearly how collaboration works', weight: 15 },
  { key: 'risk_openness', label: 'Transparent about risks and trade-offs', weight: 20 },
  { key: 'beyond_scope', label: 'Thinks beyond the current scope', weight: 15 },
  { key: 'outcomes_focus', label: 'Focuses on outcomes, not hours and rates', weight: 15 },
  { key: 'proactive_communication', label: 'Communicates proactively', weight: 15 },
] as const;

export const CriterionKey = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64)
  .regex(/^[a-z][a-z0-9_]*$/, 'must be lower_snake_case, e.g. data_quality');

export const CriterionInput = z.strictObject({
  key: CriterionKey,
  label: Text(200),
  weight: z.number().int('must be a whole number').min(0, 'must be between 0 and 100').max(100, 'must be between 0 and 100'),
});
export const Criterion = z.object({ key: z.string(), label: z.string(), weight: z.number().int(), position: z.number().int() });

/** A scorecard's criteria: keys unique, weights summing to 100 (400 naming `criteria`). */
export const CriteriaList = z
  .array(CriterionInput)
  .min(1, 'must have at least one criterion')
  .max(30, 'must have at most 30 criteria')
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((c, i) => {
      if (seen.has(c.key)) ctx.addIssue({ code: 'custom', message: `repeats the key ${c.key}`, path: [i, 'key'] });
      seen.add(c.key);
    });
    const sum = list.reduce((a, c) => a + c.weight, 0);
    if (sum !== 100) ctx.addIssue({ code: 'custom', message: `weights must sum to 100 (they sum to ${sum})` });
  });
export const CriteriaBody = z.strictObject({ criteria: CriteriaList });

export const RedFlagKind = z.enum(['commitments_without_context', 'hours_and_rates_only', 'unclear_governance', 'no_future_conversation', 'yes_to_everything']);
export const RedFlagRule = z.object({
  kind: RedFlagKind,
  effect: z.enum(['exclude', 'cost']).describe('exclude: a candidate with a flag of this kind drops out of the ranking; cost: each flag of this kind costs `points`'),
  points: z.number().nullable().describe('Points off the weighted score (0–100 scale) for a flag of this kind, for effect cost'),
});
export const RedFlagRulesBody = z.strictObject({
  rules: z
    .array(
      z.strictObject({
        kind: RedFlagKind,
        effect: z.enum(['exclude', 'cost']),
        points: z.number().min(0, 'must be between 0 and 100').max(100, 'must be between 0 and 100').optional().describe('Required for effect cost'),
      }),
    )
    .max(5),
});

export const RedFlag = z.object({ id: Id, candidateId: Id, kind: RedFlagKind, evidence: z.string().describe('The quote or note that raised it'), raisedBy: UserRef, raisedAt: IsoDateTime });
export const RedFlagBody = z.strictObject({ kind: RedFlagKind, evidence: Text(2000) });

export const EVIDENCE_MAX_BYTES = 5 * 1024 * 1024;
export const EVIDENCE_TYPES = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'text/plain': 'txt',
  'text/markdown': 'md',
} as const;
export const EvidenceContentType = z.enum(Object.keys(EVIDENCE_TYPES) as [keyof typeof EVIDENCE_TYPES, ...(keyof typeof EVIDENCE_TYPES)[]]);

export const EvidenceBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('note'), title: Text(200), body: Text(10_000) }),
  z.strictObject({ kind: z.literal('link'), title: Text(200), url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000) }),
  z.strictObject({
    kind: z.literal('document'),
    title: Text(200),
    fileName: Text(200),
    contentType: EvidenceContentType,
    data: z.base64('must be base64').max(Math.ceil(EVIDENCE_MAX_BYTES / 3) * 4 + 4, 'must be at most 5 MB').describe('The file, base64-encoded (at most 5 MB decoded)'),
  }),
]);
export const Evidence = z.object({
  id: Id,
  candidateId: Id,
  kind: z.enum(['note', 'link', 'document']),
  title: z.string(),
  body: z.string().nullable(),
  url: z.string().nullable(),
  fileName: z.string().nullable(),
  contentType: z.string().nullable(),
  size: z.number().int().nullable(),
  addedBy: UserRef,
  addedAt: IsoDateTime,
});

export const CandidateBody = z
  .strictObject({
    providerOrgId: Id.optional().describe('An existing provider organization'),
    name: Text(200).optional().describe('A new name (no organization yet); required without providerOrgId'),
  })
  .refine((b) => b.providerOrgId !== undefined || b.name !== undefined, { message: 'give providerOrgId or name', path: ['name'] });
export const Candidate = z.object({
  id: Id,
  name: z.string(),
  providerOrgId: Id.nullable(),
  addedAt: IsoDateTime,
  evidence: z.array(Evidence),
  redFlags: z.array(RedFlag),
});

export const EvaluatorBody = z.strictObject({ userId: Id.describe('A user of the selection’s client organization (the owner may add themselves)') });

export const ScoreInput = z.strictObject({
  criterion: CriterionKey,
  score: z.number().int('must be a whole number').min(1, 'must be between 1 and 5').max(5, 'must be between 1 and 5'),
  comment: z.string().trim().max(4000, 'must have at most 4000 characters').default(''),
});
export const ScoresBody = z.strictObject({
  candidateId: Id,
  scores: z.array(ScoreInput).max(30),
  submit: z.boolean().default(false).describe('true: final for this candidate (every criterion must be scored); false: a draft only you see'),
});
export const Score = z.object({
  evaluator: UserRef,
  candidateId: Id,
  criterion: z.string(),
  score: z.number().int(),
  comment: z.string(),
  submittedAt: IsoDateTime.nullable().describe('null: your own draft'),
});

export const SelectionMember = z.object({
  user: UserRef,
  roles: z.array(SelectionRole),
  submitted: z.array(Id).describe('Candidates this evaluator has submitted scores for'),
});

export const SelectionDecision = z.object({ candidateId: Id, reasons: z.string(), decidedBy: UserRef, decidedAt: IsoDateTime });
export const DecisionBody = z.strictObject({ candidateId: Id, reasons: Text(4000) });

export const SelectionInvitation = z.object({
  id: Id,
  candidateId: Id,
  providerOrg: z.object({ id: Id, name: z.string() }),
  email: z.string().nullable(),
  status: z.enum(['pending', 'accepted', 'revoked']),
  createdAt: IsoDateTime,
  acceptedAt: IsoDateTime.nullable(),
  engagementId: Id.nullable(),
});
export const InvitationBody = z.strictObject({
  email: Email.optional().describe('Whom to invite; required when the provider organization has no user yet (an account is created on acceptance)'),
  engagementName: Text(200).optional().describe('Defaults to the selection’s title'),
});
export const CreatedSelectionInvitation = z.object({
  invitation: SelectionInvitation,
  emailed: z.boolean(),
  link: z.string().nullable().describe('The invitation link, shown to the owner when no e-mail was sent'),
});
export const SelectionInvitationPreview = z.object({
  selectionTitle: z.string(),
  clientOrg: z.string(),
  providerOrg: z.string(),
  email: z.string().nullable(),
  invitedBy: z.string(),
  accountExists: z.boolean(),
});
export const AcceptSelectionInvitationBody = z.strictObject({
  name: Text(120).optional().describe('For a new account (the invitation’s e-mail)'),
  password: Password.optional(),
});
export const AcceptedSelectionInvitation = z.object({ engagementId: Id, signedIn: z.boolean() });

/** What a candidate is shown when the owner shares its own result: nothing of the other candidates, of the evaluators or of their comments. */
export const SharedResult = z.object({
  selectionTitle: z.string(),
  clientOrg: z.string(),
  candidate: z.string(),
  chosen: z.boolean().describe('Whether this candidate was chosen'),
  decidedAt: IsoDateTime,
  score: z.number().describe('Its weighted score, 0–100, after any red-flag costs'),
  min: z.number().describe('The lowest evaluator’s weighted score of it'),
  max: z.number(),
  evaluators: z.number().int(),
  criteria: z.array(z.object({ key: z.string(), label: z.string(), weight: z.number().int(), mean: z.number().nullable().describe('1–5'), min: z.number().nullable(), max: z.number().nullable() })),
  redFlags: z.array(RedFlagKind).describe('The kinds of red flag raised on it (the evidence stays with the client)'),
});
export const ResultShare = z.object({
  id: Id,
  candidateId: Id,
  sharedBy: UserRef,
  sharedAt: IsoDateTime,
  message: z.string().nullable(),
  result: SharedResult,
});
export const ShareResultBody = z.strictObject({ message: Text(2000).optional().describe('A note to the candidate, e.g. why it was or was not chosen') });
export const SelectionFeedbackList = z.object({ shares: z.array(ResultShare) });

export const CreateSelectionBody = z.strictObject({
  title: Text(200),
  criteria: CriteriaList.optional().describe('Defaults to the decision-framework template (weights sum to 100)'),
});

export const SelectionSummary = z.object({
  id: Id,
  title: z.string(),
  status: SelectionStatus,
  clientOrg: z.object({ id: Id, name: z.string() }),
  myRoles: z.array(SelectionRole),
  candidates: z.number().int(),
  evaluators: z.number().int(),
  createdAt: IsoDateTime,
  decidedCandidate: z.string().nullable(),
});
export const SelectionList = z.object({ selections: z.array(SelectionSummary) });

export const SelectionDetail = SelectionSummary.extend({
  createdBy: UserRef,
  criteria: z.array(Criterion),
  scoringStarted: z.boolean().describe('A score was saved: weight changes from now on are recorded in the audit trail'),
  members: z.array(SelectionMember),
  candidates: z.array(Candidate),
  rules: z.array(RedFlagRule),
  scores: z.array(Score).describe('What you may see: your own (drafts too) and, per candidate you submitted, the others’ submitted ones (everything submitted for an owner who does not evaluate)'),
  decision: SelectionDecision.nullable(),
  invitation: SelectionInvitation.nullable(),
  engagementId: Id.nullable().describe('The engagement started from this selection'),
});

const Range = z.object({ mean: z.number().nullable(), min: z.number().nullable(), max: z.number().nullable() });
export const Results = z.object({
  ranking: z.array(
    z.object({
      candidateId: Id,
      name: z.string(),
      rank: z.number().int().nullable().describe('null when excluded by a red-flag rule'),
      score: z.number().describe('Weighted score 0–100 (a criterion’s 1–5 mean → 0–100 points, Σ weight × points / 100), after red-flag costs'),
      rawScore: z.number().nullable().describe('Before the red-flag rules; null when nothing was scored'),
      min: z.number().describe('Lowest evaluator’s own weighted score (0–100), after red-flag costs like the score'),
      max: z.number().describe('Highest evaluator’s own weighted score (0–100), after red-flag costs like the score'),
      penalty: z.number().describe('Points taken off by red-flag rules'),
      excluded: z.boolean(),
      redFlags: z.array(RedFlagKind),
      byCriterion: z.record(z.string(), Range),
      evaluators: z.number().int().describe('Evaluators who submitted this candidate'),
    }),
  ),
  agreement: z.object({
    alpha: z.number().nullable().describe("Krippendorff's alpha (ordinal) over every candidate × criterion; null when not computable"),
    reading: z.string(),
    byCriterion: z.record(z.string(), z.object({ alpha: z.number().nullable(), reading: z.string() })),
  }),
  disagreements: z
    .array(z.object({ criterion: z.string(), candidateId: Id.nullable(), spread: z.number(), reading: z.string() }))
    .describe('What to discuss, worst first'),
  sensitivity: z.object({
    leader: Id.nullable(),
    runnerUp: Id.nullable(),
    winnerStability: z.number().nullable().describe('Share of trials (0–1) in which the winner stays first when every weight moves randomly by up to ±20%'),
    trials: z.number().int(),
    seed: z.number().int(),
    swapWeights: z.array(
      z.object({
        criterion: z.string(),
        weight: z.number(),
        swapAt: z.number().nullable().describe('The weight at which the top two swap'),
        change: z.number().nullable().describe('Points this weight must move (others rescaled to keep 100) for the top two to swap; null: no weight in 0–100 swaps them'),
      }),
    ),
  }),
  criteria: z.array(Criterion),
  submittedBy: z.number().int().describe('Evaluators with at least one submitted candidate'),
});

export const SelectionBaseline = z.object({
  selectionId: Id,
  selectionTitle: z.string(),
  candidateId: Id,
  decidedAt: IsoDateTime,
  criteria: z.array(z.object({ key: z.string(), label: z.string(), weight: z.number().int(), mean: z.number().nullable(), min: z.number().nullable(), max: z.number().nullable() })),
  redFlags: z.array(z.object({ kind: RedFlagKind, evidence: z.string() })),
});
export const SelectionBaselineResponse = z.object({ baseline: SelectionBaseline.nullable() });

export const OrgUser = z.object({ id: Id, name: z.string(), email: z.string() });
export const ProviderOrg = z.object({ id: Id, name: z.string() });
export const RedFlagRules = z.object({ rules: z.array(RedFlagRule) });
export const SelectionDirectory = z.object({
  colleagues: z.array(OrgUser).describe('Users of your client organization (possible evaluators)'),
  providers: z.array(ProviderOrg).describe('Provider organizations (possible candidates)'),
});
