import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CommitmentDetail,
  CommitmentList,
  CommitmentParams,
  CommitmentQuery,
  CreateCommitmentBody,
  KeepBody,
  RenegotiateBody,
  SayDo,
  UpdateCommitmentBody,
} from '../../contracts/commitments';
import { EngagementParams } from '../../contracts/common';
import type { Deps } from '../http/context';
import { authorize, responses } from '../http/plumbing';
import { createCommitment, getCommitment, keepCommitment, listCommitments, renegotiateCommitment, sayDo, updateCommitment } from './service';

export const commitmentRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const C = '/engagements/:id/commitments';
  const tags = ['commitments'];

  app.get(C, { schema: { tags, summary: 'The commitments ledger: outstanding first (soonest due), then resolved', params: EngagementParams, querystring: CommitmentQuery, response: responses({ 200: CommitmentList }) } }, async (req) => ({
    commitments: await listCommitments(deps, await authorize(deps, req, req.params.id, 'commitment.read'), req.query),
  }));
  app.post(C, { schema: { tags, summary: 'Record a commitment of either side', params: EngagementParams, body: CreateCommitmentBody, response: responses({ 201: CommitmentDetail }) } }, async (req, reply) =>
    reply.status(201).send(await createCommitment(deps, await authorize(deps, req, req.params.id, 'commitment.write'), req.body)),
  );
  app.get(`${C}/say-do`, { schema: { tags, summary: 'Say/do figures per side, and per month by resolution month', params: EngagementParams, response: responses({ 200: SayDo }) } }, async (req) =>
    sayDo(deps, await authorize(deps, req, req.params.id, 'commitment.read')),
  );
  app.get(`${C}/:commitmentId`, { schema: { tags, summary: 'One commitment with its timeline and linked items', params: CommitmentParams, response: responses({ 200: CommitmentDetail }) } }, async (req) =>
    getCommitment(deps, await authorize(deps, req, req.params.id, 'commitment.read'), req.params.commitmentId),
  );
  app.patch(`${C}/:commitmentId`, { schema: { tags, summary: 'Edit what is promised, its assumptions, owner and links (the date moves only by renegotiation)', params: CommitmentParams, body: UpdateCommitmentBody, response: responses({ 200: CommitmentDetail }) } }, async (req) =>
    updateCommitment(deps, await authorize(deps, req, req.params.id, 'commitment.write'), req.params.commitmentId, req.body),
  );
  app.post(`${C}/:commitmentId/renegotiate`, { schema: { tags, summary: 'Agree a new due date, with the reason', params: CommitmentParams, body: RenegotiateBody, response: responses({ 200: CommitmentDetail }) } }, async (req) =>
    renegotiateCommitment(deps, await authorize(deps, req, req.params.id, 'commitment.write'), req.params.commitmentId, req.body),
  );
  app.post(`${C}/:commitmentId/keep`, { schema: { tags, summary: 'Record the delivery: kept when on or before the due date, else missed and delivered late', params: CommitmentParams, body: KeepBody, response: responses({ 200: CommitmentDetail }) } }, async (req) =>
    keepCommitment(deps, await authorize(deps, req, req.params.id, 'commitment.write'), req.params.commitmentId, req.body),
  );
};
