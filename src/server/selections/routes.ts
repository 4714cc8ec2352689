import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EngagementParams } from '../../contracts/common';
import {
  AcceptedSelectionInvitation,
  AcceptSelectionInvitationBody,
  Candidate,
  CandidateBody,
  CandidateParams,
  CreatedSelectionInvitation,
  CreateSelectionBody,
  CriteriaBody,
  DecisionBody,
  Evidence,
  EvidenceBody,
  EvidenceParams,
  InvitationBody,
  RedFlag,
  RedFlagBody,
  RedFlagRules,
  RedFlagRulesBody,
  Results,
  ScoresBody,
  SelectionBaselineResponse,
  SelectionDetail,
  SelectionDirectory,
  SelectionInvitationPreview,
  SelectionInvitationToken,
  SelectionList,
  SelectionMember,
  SelectionParams,
  EvaluatorBody,
  ResultShare,
  SelectionFeedbackList,
  ShareResultBody,
} from '../../contracts/selections';
import type { SelectionAction } from '../../domain/authz/policy';
import { SESSION_COOKIE } from '../auth/service';
import { authorizeSelection, type SelectionAccess } from '../authz/selection-access';
import type { Deps } from '../http/context';
import { authorize, requireActor, responses } from '../http/plumbing';
import {
  acceptSelectionInvitation,
  addCandidate,
  addEvaluator,
  addEvidence,
  createSelection,
  decideSelection,
  evidenceFile,
  getResults,
  getSelection,
  inviteProvider,
  listSelections,
  previewSelectionInvitation,
  raiseRedFlag,
  replaceCriteria,
  saveScores,
  selectionBaseline,
  selectionDirectory,
  listResultShares,
  selectionFeedback,
  setRedFlagRules,
  shareResult,
} from './service';

/** Documents travel base64 in JSON (no multipart in Candor): 5 MB of file is about 6.7 MB of body. */
const EVIDENCE_BODY_LIMIT = 8 * 1024 * 1024;

const gate = (deps: Deps, req: FastifyRequest, selectionId: string, action: SelectionAction): Promise<SelectionAccess> =>
  authorizeSelection(deps.db, requireActor(req), selectionId, action);

export const selectionRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const tags = ['selections'];
  const S = '/selections/:selectionId';

  app.get('/selections', { schema: { tags, summary: 'The partner selections I am a member of (owner or evaluator)', response: responses({ 200: SelectionList }) } }, async (req) =>
    listSelections(deps, requireActor(req)),
  );
  app.post(
    '/selections',
    { schema: { tags, summary: 'Start a partner selection (any user of a client organization; provider users get 403); the creator becomes its owner. Criteria default to the decision-framework template', body: CreateSelectionBody, response: responses({ 201: SelectionDetail }) } },
    async (req, reply) => reply.status(201).send(await createSelection(deps, requireActor(req), req.body)),
  );
  app.get('/selection-directory', { schema: { tags, summary: 'Colleagues of my client organization (possible evaluators) and provider organizations (possible candidates)', response: responses({ 200: SelectionDirectory }) } }, async (req) =>
    selectionDirectory(deps, requireActor(req)),
  );
  app.get(S, { schema: { tags, summary: 'One selection: scorecard, members, candidates with evidence and red flags, the scores the blind rule lets me see, the decision', params: SelectionParams, response: responses({ 200: SelectionDetail }) } }, async (req) =>
    getSelection(deps, await gate(deps, req, req.params.selectionId, 'selection.read')),
  );
  app.put(
    `${S}/criteria`,
    { schema: { tags, summary: 'Replace the scorecard’s criteria (owner): weights sum to 100; once scoring started only weights and labels change, and the change is in the audit trail', params: SelectionParams, body: CriteriaBody, response: responses({ 200: SelectionDetail }) } },
    async (req) => replaceCriteria(deps, await gate(deps, req, req.params.selectionId, 'selection.manage'), req.body),
  );
  app.post(
    `${S}/candidates`,
    { schema: { tags, summary: 'Add a candidate (owner): an existing provider organization or a new name', params: SelectionParams, body: CandidateBody, response: responses({ 201: Candidate }) } },
    async (req, reply) => reply.status(201).send(await addCandidate(deps, await gate(deps, req, req.params.selectionId, 'selection.manage'), req.body)),
  );
  app.post(
    `${S}/evaluators`,
    { schema: { tags, summary: 'Add an evaluator (owner): a user of the selection’s client organization, the owner included', params: SelectionParams, body: EvaluatorBody, response: responses({ 201: SelectionMember }) } },
    async (req, reply) => reply.status(201).send(await addEvaluator(deps, await gate(deps, req, req.params.selectionId, 'selection.manage'), req.body.userId)),
  );
  app.post(
    `${S}/scores`,
    { schema: { tags, summary: 'Save (submit: false) or submit (submit: true, final) my scores for one candidate, 1–5 per criterion with a comment; blind until I submit', params: SelectionParams, body: ScoresBody, response: responses({ 200: SelectionDetail }) } },
    async (req) => saveScores(deps, await gate(deps, req, req.params.selectionId, 'selection.score'), req.body),
  );
  app.get(
    `${S}/results`,
    { schema: { tags, summary: 'Ranking by weighted score with each candidate’s range across evaluators, Krippendorff’s alpha (ordinal) overall and per criterion, disagreements first, sensitivity to the weights. 409 before any evaluator submitted, and for an evaluator who has not submitted every candidate', params: SelectionParams, response: responses({ 200: Results }) } },
    async (req) => getResults(deps, await gate(deps, req, req.params.selectionId, 'selection.read')),
  );
  app.post(
    `${S}/candidates/:candidateId/evidence`,
    {
      bodyLimit: EVIDENCE_BODY_LIMIT,
      schema: { tags, summary: 'Add evidence to a candidate (members): a note, a link, or a document (base64, at most 5 MB: pdf, docx, pptx, xlsx, png, jpeg, txt, md), stored in the database', params: CandidateParams, body: EvidenceBody, response: responses({ 201: Evidence }) },
    },
    async (req, reply) => reply.status(201).send(await addEvidence(deps, await gate(deps, req, req.params.selectionId, 'selection.evidence'), req.params.candidateId, req.body)),
  );
  app.get(
    `${S}/candidates/:candidateId/evidence/:evidenceId/file`,
    { schema: { tags, summary: 'Download a document (members), as an attachment', params: EvidenceParams, response: responses({ 200: z.string().describe('The file, with its content type') }) } },
    async (req, reply) => {
      const f = await evidenceFile(deps, await gate(deps, req, req.params.selectionId, 'selection.read'), req.params.candidateId, req.params.evidenceId);
      reply.header('content-type', f.contentType);
      reply.header('content-disposition', `attachment; filename="${f.fileName.replace(/[^\w.\- ]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`);
      reply.header('cache-control', 'private, no-store');
      return reply.send(f.data as unknown as string); // bytes are sent as they are (Fastify does not serialize a Buffer)
    },
  );
  app.post(
    `${S}/candidates/:candidateId/red-flags`,
    { schema: { tags, summary: 'Record a red flag on a candidate (members), with the evidence that raised it; it shows beside the score and changes it only through the owner’s rules', params: CandidateParams, body: RedFlagBody, response: responses({ 201: RedFlag }) } },
    async (req, reply) => reply.status(201).send(await raiseRedFlag(deps, await gate(deps, req, req.params.selectionId, 'selection.evidence'), req.params.candidateId, req.body)),
  );
  app.put(
    `${S}/red-flag-rules`,
    { schema: { tags, summary: 'Set the red-flag rules (owner): a kind excludes, or costs N points', params: SelectionParams, body: RedFlagRulesBody, response: responses({ 200: RedFlagRules }) } },
    async (req) => setRedFlagRules(deps, await gate(deps, req, req.params.selectionId, 'selection.manage'), req.body),
  );
  app.post(
    `${S}/decision`,
    { schema: { tags, summary: 'Record the decision (owner): the chosen candidate and the reasons; reveals every submitted score in the audit trail', params: SelectionParams, body: DecisionBody, response: responses({ 200: SelectionDetail }) } },
    async (req) => decideSelection(deps, await gate(deps, req, req.params.selectionId, 'selection.manage'), req.body),
  );
  app.post(
    `${S}/candidates/:candidateId/result-share`,
    {
      schema: {
        tags,
        summary: "Share a candidate's own result with it (owner, once decided): its score, range, per-criterion means and red-flag kinds, nothing of the others, the evaluators or their comments; again replaces the copy",
        params: CandidateParams,
        body: ShareResultBody,
        response: responses({ 201: ResultShare }),
      },
    },
    async (req, reply) => reply.status(201).send(await shareResult(deps, await gate(deps, req, req.params.selectionId, 'selection.manage'), req.params.candidateId, req.body)),
  );
  app.get(`${S}/result-shares`, { schema: { tags, summary: 'The results the owner has shared with candidates', params: SelectionParams, response: responses({ 200: SelectionFeedbackList }) } }, async (req) =>
    listResultShares(deps, await gate(deps, req, req.params.selectionId, 'selection.read')),
  );
  app.get('/selection-feedback', { schema: { tags, summary: 'Results that client organizations shared with my provider organization: each is our own result only', response: responses({ 200: SelectionFeedbackList }) } }, async (req) =>
    selectionFeedback(deps, requireActor(req)),
  );
  app.post(
    `${S}/invitation`,
    { schema: { tags, summary: 'Invite the chosen provider to start the engagement (owner): creates the provider organization for a new name; an e-mail is needed when it has no user yet', params: SelectionParams, body: InvitationBody, response: responses({ 201: CreatedSelectionInvitation }) } },
    async (req, reply) => reply.status(201).send(await inviteProvider(deps, await gate(deps, req, req.params.selectionId, 'selection.manage'), req.body)),
  );
  app.get(
    '/selection-invitations/:token',
    { schema: { tags, summary: 'What a selection invitation link is for', security: [], params: SelectionInvitationToken, response: responses({ 200: SelectionInvitationPreview }) } },
    async (req) => previewSelectionInvitation(deps, req.params.token),
  );
  app.post(
    '/selection-invitations/:token/accept',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'A user of the chosen provider accepts (a new account gives name and password): the engagement starts with them as lead and the owner as sponsor, its charter draft seeded with the scorecard’s concerns, its risks with the red flags',
        security: [],
        params: SelectionInvitationToken,
        body: AcceptSelectionInvitationBody,
        response: responses({ 200: AcceptedSelectionInvitation }),
      },
    },
    async (req, reply) => {
      const result = await acceptSelectionInvitation(deps, req.params.token, req.actor, req.body);
      if (result.sessionToken) {
        reply.setCookie(SESSION_COOKIE, result.sessionToken, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.config.secureCookies, signed: true, maxAge: 30 * 24 * 3600 });
      }
      return { engagementId: result.engagementId, signedIn: true };
    },
  );
  app.get(
    '/engagements/:id/selection-baseline',
    { schema: { tags, summary: 'The selection this engagement started from: the chosen provider’s scores per criterion (the gate review’s keys), the baseline the first gate review is compared against', params: EngagementParams, response: responses({ 200: SelectionBaselineResponse }) } },
    async (req) => selectionBaseline(deps, await authorize(deps, req, req.params.id, 'selection.baseline')),
  );
};
