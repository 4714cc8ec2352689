import { Readable } from 'node:stream';
import { unscoped } from '../authz/scoped';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EngagementParams } from '../../contracts/common';
import { AuditPage, AuditQuery, VerifyResult } from '../../contracts/engagements';
import { requireAdmin } from '../admin/service';
import type { Deps } from '../http/context';
import { authorize, requireActor, responses } from '../http/plumbing';
import { INSTANCE_CHAIN } from './append';
import { exportChain, listAudit, verifyChain } from './service';

export const auditRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/engagements/:id/audit',
    { schema: { tags: ['audit'], summary: 'The activity log, newest first (internal records redacted for the client side)', params: EngagementParams, querystring: AuditQuery, response: responses({ 200: AuditPage }) } },
    async (req) => listAudit(deps, await authorize(deps, req, req.params.id, 'audit.read'), req.query),
  );

  app.get(
    '/engagements/:id/audit/export',
    {
      schema: {
        tags: ['audit'],
        summary: 'Export the hash chain as JSONL; verifies with `candor audit verify --file`',
        params: EngagementParams,
        produces: ['application/x-ndjson'],
        response: responses({ 200: z.string().describe('application/x-ndjson: a header line, then one record per line') }),
      },
    },
    async (req, reply) => {
      const access = await authorize(deps, req, req.params.id, 'audit.export');
      const lines = exportChain(deps.db, access.engagementId, access.visibilities, `${access.actor.email} (${access.role})`, deps.clock.now());
      reply
        .header('content-type', 'application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="candor-audit-${access.engagementId}.jsonl"`);
      // Streams skip response serialization; the cast only satisfies the route's declared type.
      return reply.send(Readable.from(lines) as unknown as string);
    },
  );

  app.post(
    '/engagements/:id/audit/verify',
    { schema: { tags: ['audit'], summary: 'Recompute the whole chain on the server', params: EngagementParams, response: responses({ 200: VerifyResult }) } },
    async (req) => {
      const access = await authorize(deps, req, req.params.id, 'audit.read');
      return verifyChain(deps.db, access.engagementId);
    },
  );

  app.get(
    '/admin/audit',
    { schema: { tags: ['admin'], summary: 'The instance log (organizations, users, tokens)', querystring: AuditQuery, response: responses({ 200: AuditPage }) } },
    async (req) => {
      const actor = requireActor(req);
      requireAdmin(actor);
      let q = unscoped(deps.db, 'the instance log, for the admin').selectFrom('audit_log').selectAll().where('chain_id', '=', INSTANCE_CHAIN);
      if (req.query.before) q = q.where('seq', '<', req.query.before);
      const rows = await q.orderBy('seq', 'desc').limit(req.query.limit + 1).execute();
      const page = rows.slice(0, req.query.limit);
      return {
        entries: page.map((r) => {
          const p = JSON.parse(r.payload);
          return { seq: r.seq, at: r.at, redacted: false, payloadHash: r.payload_hash, hash: r.hash, actor: p.actor, action: p.action, object: p.object, visibility: p.visibility, before: p.before, after: p.after };
        }),
        nextCursor: rows.length > req.query.limit ? String(page.at(-1)!.seq) : null,
      };
    },
  );

  app.post(
    '/admin/audit/verify',
    { schema: { tags: ['admin'], summary: 'Verify the instance log', response: responses({ 200: VerifyResult }) } },
    async (req) => {
      requireAdmin(requireActor(req));
      return verifyChain(deps.db, INSTANCE_CHAIN);
    },
  );
};
