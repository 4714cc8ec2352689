import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CapacityPlan, CapacityPlanBody } from '../../contracts/capacity';
import { EngagementParams } from '../../contracts/common';
import {
  CalibrationRecord,
  Forecast,
  ForecastQuery,
  RecordForecastBody,
  StoredForecastDetail,
  StoredForecastList,
  StoredForecastParams,
  StoredForecastQuery,
} from '../../contracts/forecast';
import { authorizeDelivery } from '../delivery/common';
import type { Deps } from '../http/context';
import { authorize, responses } from '../http/plumbing';
import { getCapacityPlan, replaceCapacityPlan } from './capacity-plan';
import { forecastJson, getCalibration, getStoredForecast, listStoredForecasts, recordForecast } from './service';

const tags = ['forecasts'];
/** Cached reads are JSON text already shaped by their response schema. */
const sendJsonText = (reply: FastifyReply, json: string) => reply.type('application/json; charset=utf-8').send(json as never);

export const forecastRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/engagements/:id/forecast',
    {
      schema: {
        tags,
        summary: 'Forecast of the remaining work of the engagement or one phase: effort, completion date and budget at completion (P50/P85/P95, Monte Carlo), with its explanation',
        params: EngagementParams,
        querystring: ForecastQuery,
        response: responses({ 200: Forecast }),
      },
    },
    // membership and settings in one query, as the other delivery reads
    async (req, reply) => sendJsonText(reply, await forecastJson(deps, await authorizeDelivery(deps, req, req.params.id, 'forecast.read'), req.query)),
  );
  app.post(
    '/engagements/:id/forecasts',
    {
      schema: {
        tags,
        summary: 'Store the forecast as it stands now, so it can be judged against what happens',
        params: EngagementParams,
        body: RecordForecastBody,
        response: responses({ 201: StoredForecastDetail }),
      },
    },
    async (req, reply) => reply.status(201).send(await recordForecast(deps, await authorize(deps, req, req.params.id, 'forecast.record'), req.body)),
  );
  app.get(
    '/engagements/:id/forecasts',
    {
      schema: { tags, summary: 'Stored forecasts, newest first, each judged once its work is finished', params: EngagementParams, querystring: StoredForecastQuery, response: responses({ 200: StoredForecastList }) },
    },
    async (req) => listStoredForecasts(deps, await authorize(deps, req, req.params.id, 'forecast.read'), req.query),
  );
  app.get(
    '/engagements/:id/forecasts/calibration',
    {
      schema: { tags, summary: 'Calibration record of the stored forecasts: of N judged P85 forecasts, how many held', params: EngagementParams, querystring: StoredForecastQuery.omit({ limit: true }), response: responses({ 200: CalibrationRecord }) },
    },
    async (req) => getCalibration(deps, await authorize(deps, req, req.params.id, 'forecast.read'), { phaseId: req.query.phaseId, all: req.query.all === 'true' }),
  );
  app.get(
    '/engagements/:id/capacity-plan',
    {
      schema: { tags, summary: 'The lead’s capacity plan: periods that replace the logged-hours history in the completion dates (provider only)', params: EngagementParams, response: responses({ 200: CapacityPlan }) },
    },
    async (req) => getCapacityPlan(deps, await authorize(deps, req, req.params.id, 'capacity.read')),
  );
  app.put(
    '/engagements/:id/capacity-plan',
    {
      schema: {
        tags,
        summary: 'Replace the capacity plan (lead only): who works in which period at how many hours a week, or closures',
        params: EngagementParams,
        body: CapacityPlanBody,
        response: responses({ 200: CapacityPlan }),
      },
    },
    async (req) => replaceCapacityPlan(deps, await authorize(deps, req, req.params.id, 'capacity.plan'), req.body),
  );
  app.get(
    '/engagements/:id/forecasts/:forecastId',
    { schema: { tags, summary: 'One stored forecast with its full figures and judgement', params: StoredForecastParams, response: responses({ 200: StoredForecastDetail }) } },
    async (req) => getStoredForecast(deps, await authorize(deps, req, req.params.id, 'forecast.read'), req.params.forecastId),
  );
};
