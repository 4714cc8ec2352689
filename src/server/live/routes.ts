import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { EventStream, EventsQuery, NotificationPreferences, UpdateNotificationPreferences } from '../../contracts/live';
import type { Deps } from '../http/context';
import { AppError, invalid } from '../http/errors';
import { requireActor, responses } from '../http/plumbing';
import { preferencesOf, presentPreferences, updatePreferences } from '../notify/preferences';
import { type Cursor, formatEvent, headCursor, LiveHub, MAX_STREAMS_PER_PERSON, parseCursor, readSince, START } from './hub';

/** Tells a client how long to wait before reconnecting (ms); EventSource honours it. */
export const RETRY_MS = 3000;

export const liveRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const hub = new LiveHub(deps.db, deps.log);
  let started: Promise<void> | null = null;
  // streams end before the server closes (graceful shutdown waits for open connections)
  app.addHook('preClose', async () => hub.endStreams());
  app.addHook('onClose', async () => hub.stop());

  app.get(
    '/events',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Live events (Server-Sent Events): my notifications and changes I may see; resume with Last-Event-ID',
        querystring: EventsQuery,
        produces: ['text/event-stream'],
        response: responses({ 200: EventStream }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const once = req.query.once !== undefined;
      const resumeText = (req.headers['last-event-id'] as string | undefined) ?? req.query.lastEventId;
      let cursor: Cursor | null = null;
      if (resumeText !== undefined && resumeText !== '') {
        cursor = parseCursor(resumeText);
        if (!cursor) throw invalid('Last-Event-ID', 'is not an event id from this stream');
      }
      if (!once && hub.streamsOf(actor.userId) >= MAX_STREAMS_PER_PERSON) {
        throw new AppError(429, 'rate_limited', `At most ${MAX_STREAMS_PER_PERSON} live streams per person; close a tab`);
      }
      started ??= hub.start();
      await started;
      const from = cursor ?? (once ? START : await headCursor(deps.db, hub.postgres));
      reply.hijack();
      const res = reply.raw;
      // not compressed (the API's compression works on replies sent through Fastify, not this raw stream)
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
      });
      res.write(`retry: ${RETRY_MS}\n\n`);
      if (once) {
        const r = await readSince(deps.db, hub.postgres, actor.userId, from, 500);
        for (const e of r.events) res.write(formatEvent(e));
        res.end();
        return reply;
      }
      const remove = hub.add({
        userId: actor.userId,
        cursor: from,
        write: (chunk) => {
          if (!res.writableEnded) res.write(chunk);
        },
        end: () => {
          if (!res.writableEnded) res.end();
        },
      });
      req.raw.on('close', remove);
      res.on('close', remove);
      return reply;
    },
  );

  app.get(
    '/me/notification-preferences',
    { schema: { tags: ['notifications'], summary: 'My notification preferences: a channel per kind, and the weekly digest', response: responses({ 200: NotificationPreferences }) } },
    async (req) => presentPreferences(deps, await preferencesOf(deps.db, requireActor(req).userId)),
  );
  app.put(
    '/me/notification-preferences',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Change my notification preferences (only the kinds and digest fields given)',
        body: UpdateNotificationPreferences,
        response: responses({ 200: NotificationPreferences }),
      },
    },
    async (req) => presentPreferences(deps, await updatePreferences(deps, requireActor(req), req.body)),
  );
};
