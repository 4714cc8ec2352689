import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { EngagementParams } from '../../contracts/common';
import {
  CreateRecommendationBody,
  RecommendationDetail,
  RecommendationLedger,
  RecommendationList,
  RecommendationParams,
  RecommendationQuery,
  RespondBody,
  UpdateRecommendationBody,
} from '../../contracts/recommendations';
import type { Deps } from '../http/context';
import { authorize, responses } from '../http/plumbing';
import { createRecommendation, getRecommendation, listRecommendations, recommendationLedger, respondToRecommendation, updateRecommendation } from './service';

export const recommendationRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const R = '/engagements/:id/recommendations';
  const tags = ['recommendations'];

  app.get(R, { schema: { tags, summary: 'The recommendations: waiting for an answer first, then deferred, accepted, declined', params: EngagementParams, querystring: RecommendationQuery, response: responses({ 200: RecommendationList }) } }, async (req) =>
    listRecommendations(deps, await authorize(deps, req, req.params.id, 'recommendation.read'), req.query),
  );
  app.post(R, { schema: { tags, summary: 'Recommend: what, why, benefit, cost, effort, the risk of not acting', params: EngagementParams, body: CreateRecommendationBody, response: responses({ 201: RecommendationDetail }) } }, async (req, reply) =>
    reply.status(201).send(await createRecommendation(deps, await authorize(deps, req, req.params.id, 'recommendation.write'), req.body)),
  );
  app.get(`${R}/ledger`, { schema: { tags, summary: 'The ledger: work avoided, acceptance rate, counts by kind and answer, the share against the provider’s own revenue', params: EngagementParams, response: responses({ 200: RecommendationLedger }) } }, async (req) =>
    recommendationLedger(deps, await authorize(deps, req, req.params.id, 'recommendation.read')),
  );
  app.get(`${R}/:recommendationId`, { schema: { tags, summary: 'One recommendation with its versions and answer', params: RecommendationParams, response: responses({ 200: RecommendationDetail }) } }, async (req) =>
    getRecommendation(deps, await authorize(deps, req, req.params.id, 'recommendation.read'), req.params.recommendationId),
  );
  app.patch(`${R}/:recommendationId`, { schema: { tags, summary: 'Edit (a new version); once answered, the figures are frozen (409) and only the text may be corrected', params: RecommendationParams, body: UpdateRecommendationBody, response: responses({ 200: RecommendationDetail }) } }, async (req) =>
    updateRecommendation(deps, await authorize(deps, req, req.params.id, 'recommendation.write'), req.params.recommendationId, req.body),
  );
  app.post(`${R}/:recommendationId/response`, { schema: { tags, summary: "The client's answer: accepted, declined (with the reason) or deferred (until a date)", params: RecommendationParams, body: RespondBody, response: responses({ 200: RecommendationDetail }) } }, async (req) =>
    respondToRecommendation(deps, await authorize(deps, req, req.params.id, 'recommendation.respond'), req.params.recommendationId, req.body),
  );
};
