import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CalendarFeedList, CalendarFeedParams, CalendarTokenParams, CreateCalendarFeedBody, CreatedCalendarFeed } from '../../contracts/calendar-feeds';
import { Ok } from '../../contracts/common';
import type { Deps } from '../http/context';
import { requireActor, responses } from '../http/plumbing';
import { calendarFeed, createCalendarFeed, listCalendarFeeds, revokeCalendarFeed } from './service';

export const calendarFeedRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const tags = ['calendar feeds'];

  app.get('/me/calendar-feeds', { schema: { tags, summary: 'My calendar feeds (without their secret URLs)', response: responses({ 200: CalendarFeedList }) } }, async (req) => ({
    feeds: await listCalendarFeeds(deps, requireActor(req)),
  }));
  app.post(
    '/me/calendar-feeds',
    { schema: { tags, summary: 'Make a secret iCalendar feed URL of my engagements’ dates (shown once)', body: CreateCalendarFeedBody, response: responses({ 201: CreatedCalendarFeed }) } },
    async (req, reply) => {
      const created = await createCalendarFeed(deps, requireActor(req), req.body?.name ?? 'Calendar feed');
      return reply.status(201).send({ id: created.id, url: created.url });
    },
  );
  app.delete('/me/calendar-feeds/:feedId', { schema: { tags, summary: 'Revoke one of my calendar feeds (its URL answers 404 from now on)', params: CalendarFeedParams, response: responses({ 200: Ok }) } }, async (req) => {
    await revokeCalendarFeed(deps, requireActor(req), req.params.feedId);
    return { ok: true as const };
  });

  // No session: the secret in the URL is the credential. Limited per address like the other unauthenticated routes.
  app.get(
    '/calendar/:token.ics',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'The iCalendar feed (RFC 5545) behind a secret URL: phases, gate reviews, commitments, decisions, dependencies, status-update and agenda-review due dates of every engagement its owner is in, as their role may see them',
        security: [],
        params: CalendarTokenParams,
        produces: ['text/calendar'],
        response: responses({ 200: z.string().describe('text/calendar; charset=utf-8') }),
      },
    },
    async (req, reply) => {
      const text = await calendarFeed(deps, req.params.token);
      return reply.header('content-type', 'text/calendar; charset=utf-8').header('cache-control', 'private, max-age=0, no-store').header('content-disposition', 'inline; filename="candor.ics"').send(text);
    },
  );
};
