import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Id, Ok } from '../../contracts/common';
import { Job, JobList, JobQuery, NotificationList, NotificationQuery } from '../../contracts/governance';
import { requireAdmin } from '../admin/service';
import type { Deps } from '../http/context';
import { notFound } from '../http/errors';
import { requireActor, responses } from '../http/plumbing';
import { UnreadCount } from '../../contracts/navigation';
import { countMyUnread, listMyNotifications, markRead } from './notify';

export const notificationRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get('/notifications', { schema: { tags: ['notifications'], summary: 'My notifications, newest first', querystring: NotificationQuery, response: responses({ 200: NotificationList }) } }, async (req) => ({
    notifications: await listMyNotifications(deps, requireActor(req).userId, { unreadOnly: req.query.unread === 'true', limit: req.query.limit }),
  }));
  app.get('/notifications/unread-count', { schema: { tags: ['notifications'], summary: 'How many of my notifications are unread, in total and per engagement', response: responses({ 200: UnreadCount }) } }, async (req) =>
    countMyUnread(deps, requireActor(req).userId),
  );
  app.post('/notifications/:notificationId/read', { schema: { tags: ['notifications'], summary: 'Mark one read', params: z.strictObject({ notificationId: Id }), response: responses({ 200: Ok }) } }, async (req) => {
    await markRead(deps, requireActor(req).userId, req.params.notificationId);
    return { ok: true as const };
  });
  app.post('/notifications/read-all', { schema: { tags: ['notifications'], summary: 'Mark all read', response: responses({ 200: Ok }) } }, async (req) => {
    await markRead(deps, requireActor(req).userId, 'all');
    return { ok: true as const };
  });

  const presentJob = (j: { id: string; kind: string; status: 'pending' | 'running' | 'done' | 'dead' | 'cancelled'; run_at: string; attempts: number; max_attempts: number; last_error: string | null; updated_at: string }) => ({
    id: j.id,
    kind: j.kind,
    status: j.status,
    runAt: j.run_at,
    attempts: j.attempts,
    maxAttempts: j.max_attempts,
    lastError: j.last_error,
    updatedAt: j.updated_at,
  });
  app.get('/admin/jobs', { schema: { tags: ['admin'], summary: 'Scheduled jobs; dead ones failed for good and wait for you', querystring: JobQuery, response: responses({ 200: JobList }) } }, async (req) => {
    requireAdmin(requireActor(req));
    let q = deps.db.selectFrom('jobs').selectAll();
    if (req.query.status) q = q.where('status', '=', req.query.status);
    const jobs = await q.orderBy('updated_at', 'desc').limit(200).execute();
    const counts = await deps.db.selectFrom('jobs').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
    return { jobs: jobs.map(presentJob), counts: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])) };
  });
  app.post('/admin/jobs/:jobId/retry', { schema: { tags: ['admin'], summary: 'Run a dead job again now', params: z.strictObject({ jobId: Id }), response: responses({ 200: Job }) } }, async (req) => {
    requireAdmin(requireActor(req));
    const now = deps.clock.now().toISOString();
    const res = await deps.db
      .updateTable('jobs')
      .set({ status: 'pending', run_at: now, attempts: 0, updated_at: now })
      .where('id', '=', req.params.jobId)
      .where('status', 'in', ['dead', 'cancelled'])
      .returningAll()
      .executeTakeFirst();
    if (!res) throw notFound('No dead job with that id');
    return presentJob(res);
  });
};
