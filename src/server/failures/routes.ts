import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { EngagementParams } from '../../contracts/common';
import { CreateFailureReportBody, FailureReport, FailureReportList, FailureReportParams, UpdateFailureReportBody } from '../../contracts/failures';
import type { Deps } from '../http/context';
import { authorize, responses } from '../http/plumbing';
import { acknowledgeFailureReport, createFailureReport, getFailureReport, listFailureReports, publishFailureReport, updateFailureReport } from './service';

export const failureRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/engagements/:id/failure-reports',
    { schema: { tags: ['failure reports'], summary: 'Failure reports I may read, newest first, with the record: self-reported against client-raised-first', params: EngagementParams, response: responses({ 200: FailureReportList }) } },
    async (req) => listFailureReports(deps, await authorize(deps, req, req.params.id, 'failure.read')),
  );

  app.post(
    '/engagements/:id/failure-reports',
    { schema: { tags: ['failure reports'], summary: 'Draft a blameless failure report (provider)', params: EngagementParams, body: CreateFailureReportBody, response: responses({ 201: FailureReport }) } },
    async (req, reply) => reply.status(201).send(await createFailureReport(deps, await authorize(deps, req, req.params.id, 'failure.write'), req.body)),
  );

  app.get(
    '/engagements/:id/failure-reports/:reportId',
    { schema: { tags: ['failure reports'], summary: 'One failure report', params: FailureReportParams, response: responses({ 200: FailureReport }) } },
    async (req) => getFailureReport(deps, await authorize(deps, req, req.params.id, 'failure.read'), req.params.reportId),
  );

  app.patch(
    '/engagements/:id/failure-reports/:reportId',
    { schema: { tags: ['failure reports'], summary: 'Edit a failure report (follow-ups and visibility: drafts only)', params: FailureReportParams, body: UpdateFailureReportBody, response: responses({ 200: FailureReport }) } },
    async (req) => updateFailureReport(deps, await authorize(deps, req, req.params.id, 'failure.write'), req.params.reportId, req.body),
  );

  app.post(
    '/engagements/:id/failure-reports/:reportId/publish',
    { schema: { tags: ['failure reports'], summary: 'Publish: share with the client and record the follow-ups in the commitments ledger', params: FailureReportParams, response: responses({ 200: FailureReport }) } },
    async (req) => publishFailureReport(deps, await authorize(deps, req, req.params.id, 'failure.write'), req.params.reportId),
  );

  app.post(
    '/engagements/:id/failure-reports/:reportId/acknowledge',
    { schema: { tags: ['failure reports'], summary: 'Acknowledge a published report (client roles)', params: FailureReportParams, response: responses({ 200: FailureReport }) } },
    async (req) => acknowledgeFailureReport(deps, await authorize(deps, req, req.params.id, 'failure.acknowledge'), req.params.reportId),
  );
};
