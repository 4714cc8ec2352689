import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { EngagementParams } from '../../contracts/common';
import { AnswersBody, DecisionBody, EngagementStop, GateReviewDetail, GateReviewList, GateReviewParams, RemarkBody, ReopenBody } from '../../contracts/gates';
import type { Deps } from '../http/context';
import { authorize, responses } from '../http/plumbing';
import { addRemark, askToReopen, decideGate, getGateReview, listGateReviews, saveAnswers } from './service';

export const gateRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const G = '/engagements/:id/gate-reviews';
  const tags = ['gate reviews'];

  app.get(G, { schema: { tags, summary: 'Every gate review, newest first, with the per-question trend of both sides and the gap between them', params: EngagementParams, response: responses({ 200: GateReviewList }) } }, async (req) =>
    listGateReviews(deps, await authorize(deps, req, req.params.id, 'gate.read')),
  );
  app.get(`${G}/:reviewId`, { schema: { tags, summary: "One gate review: the questions, your side's answers (the other side's once both submitted), the evidence panel and the decision", params: GateReviewParams, response: responses({ 200: GateReviewDetail }) } }, async (req) =>
    getGateReview(deps, await authorize(deps, req, req.params.id, 'gate.read'), req.params.reviewId),
  );
  app.post(
    `${G}/:reviewId/answers`,
    { schema: { tags, summary: "Save (submit: false) or submit (submit: true, final) your side's answers: the lead for the provider (members draft), the sponsor for the client", params: GateReviewParams, body: AnswersBody, response: responses({ 200: GateReviewDetail }) } },
    async (req) => saveAnswers(deps, await authorize(deps, req, req.params.id, 'gate.answer'), req.params.reviewId, req.body),
  );
  app.post(
    `${G}/:reviewId/remarks`,
    { schema: { tags, summary: "Add a remark of your own (stakeholders, members): blind like the answers until both sides have submitted", params: GateReviewParams, body: RemarkBody, response: responses({ 200: GateReviewDetail }) } },
    async (req) => addRemark(deps, await authorize(deps, req, req.params.id, 'gate.remark'), req.params.reviewId, req.body),
  );
  app.post(
    `${G}/:reviewId/decision`,
    { schema: { tags, summary: "The sponsor's decision once both sides have submitted: proceed, proceed_with_conditions (each condition becomes a commitment), pause (with a date to revisit) or stop", params: GateReviewParams, body: DecisionBody, response: responses({ 200: GateReviewDetail }) } },
    async (req) => decideGate(deps, await authorize(deps, req, req.params.id, 'gate.decide'), req.params.reviewId, req.body),
  );
  app.post(
    '/engagements/:id/reopen',
    { schema: { tags, summary: 'Ask to reopen an engagement a gate review stopped (lead or sponsor); it reopens when both have asked', params: EngagementParams, body: ReopenBody, response: responses({ 200: EngagementStop }) } },
    async (req) => askToReopen(deps, await authorize(deps, req, req.params.id, 'engagement.reopen'), req.body.reason),
  );
};
