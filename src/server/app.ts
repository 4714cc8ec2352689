import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, LogController } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { adminRoutes } from './admin/routes';
import { auditRoutes } from './audit/routes';
import { authRoutes } from './auth/routes';
import { databaseRateLimitStore } from './auth/rate-limit-store';
import { securityHeaders } from './http/security-headers';
import { sessionCookieReader } from './auth/session-cookie';
import { actorFromApiToken, actorFromSessionId, SESSION_COOKIE } from './auth/service';
import { charterRoutes } from './charter/routes';
import { coachRoutes } from './coach/routes';
import { commitmentRoutes } from './commitments/routes';
import { statusRoutes } from './status/routes';
import { recommendationRoutes } from './recommendations/routes';
import { commentRoutes } from './comments/routes';
import { failureRoutes } from './failures/routes';
import { agendaRoutes } from './agenda/routes';
import { engagementRoutes } from './engagements/routes';
import { gateRoutes } from './gates/routes';
import { selectionRoutes } from './selections/routes';
import { governanceRoutes } from './governance/routes';
import type { Deps } from './http/context';
import { registerApiDelivery, registerWeb } from './http/delivery';
import { AppError } from './http/errors';
import { refuseCrossSiteWrites } from './http/csrf';
import { refuseNul } from './http/nul';
import { memberRoutes } from './members/routes';
import { noteRoutes } from './notes/routes';
import { deliveryRoutes } from './delivery/routes';
import { forecastRoutes } from './forecast/routes';
import { notificationRoutes } from './notify/routes';
import { liveRoutes } from './live/routes';
import { navigationRoutes } from './navigation/routes';
import { peopleRoutes } from './people/routes';
import { searchRoutes } from './search/routes';
import { trustRoutes } from './trust/routes';
import { webhookRoutes } from './webhooks/routes';
import { calendarFeedRoutes } from './calendar-feeds/routes';
import { csvRoutes } from './csv/routes';
import { reportRoutes } from './report/routes';

const here = path.dirname(fileURLToPath(import.meta.url));
export const WEB_DIST = path.resolve(here, '../../dist/web');

export interface AppOptions {
  /** Serve the built web UI from dist/web when present (default true). */
  serveWeb?: boolean;
  /** Where the built web UI is (default dist/web). */
  webRoot?: string;
  /** Sign-in attempts per minute per address and e-mail. */
  signInPerMinute?: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeList: { method: string; url: string }[];
  }
}

/** A stable operationId from method and path: GET /api/v1/engagements/:id/notes → getEngagementsIdNotes. */
function operationId(method: string, url: string): string {
  const words = url
    .replace(/^\/api\/v1\//, '')
    .split(/[/-]/)
    .filter(Boolean)
    .map((w) => w.replace(/^:/, ''))
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  return method.toLowerCase() + words.join('');
}

/** Builds the whole HTTP app around its dependencies. Used by main and by tests. */
/** Fastify's form of CANDOR_TRUST_PROXY: the n nearest hops, or the proxies' addresses and ranges (proxy-addr). */
function trustProxyOption(t: false | number | string[]): boolean | string | ((address: string, hop: number) => boolean) {
  if (Array.isArray(t)) return t.join(',');
  if (typeof t === 'number') return (_address, hop) => hop < t;
  return false;
}

export async function buildApp(deps: Deps, opts: AppOptions = {}): Promise<FastifyInstance> {
  // helmet's headers, computed once (http/security-headers.ts), on every answer
  const headers = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        upgradeInsecureRequests: deps.config.secureCookies ? [] : null,
      },
    },
    hsts: deps.config.secureCookies,
  });
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    logController: new LogController({
      disableRequestLogging: deps.config.logLevel !== 'debug' && deps.config.logLevel !== 'trace',
    }),
    return503OnClosing: true,
    // the client's address behind Caddy or nginx (CANDOR_TRUST_PROXY; docs/deploy.md): none trusted by default
    trustProxy: trustProxyOption(deps.config.trustProxy),
    // Errors the router raises before any route runs (a malformed escape, a parameter over its length)
    // answer in Candor's shape too, and never echo the URL back.
    frameworkErrors: (err, _req, reply: FastifyReply) => {
      const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
      return reply
        .headers(headers)
        .code(tooLong ? 414 : 400)
        .send({ error: { code: tooLong ? 'uri_too_long' : 'bad_url', message: tooLong ? 'A part of the address is longer than any Candor id or name' : 'The address is not a valid URL (a malformed %-escape?)', details: [] } });
    },
  }).withTypeProvider<ZodTypeProvider>();
  // Every route, as registered: the authorization matrix test checks it covers them all.
  const routeList: { method: string; url: string }[] = [];
  app.decorate('routeList', routeList);
  app.addHook('onRoute', (r) => {
    for (const m of [r.method].flat()) if (m !== 'HEAD') routeList.push({ method: m, url: r.url });
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
  await app.register(cookie, { secret: deps.config.sessionSecret });
  await app.register(rateLimit, {
    global: false,
    // counts in the database, so the sign-in limit holds across every process on it (ADR 0029)
    store: databaseRateLimitStore(deps),
    errorResponseBuilder: (_req, ctx) =>
      new AppError(429, 'rate_limited', `Too many attempts; try again in ${Math.ceil(ctx.ttl / 1000)} s`),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Candor API',
        version: '1.0.0',
        description: 'The REST API of Candor, a partnership portal for technology providers and their clients.',
        license: { name: 'AGPL-3.0-only', url: 'https://www.gnu.org/licenses/agpl-3.0.html' },
      },
      servers: [{ url: deps.config.publicUrl }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API token from your profile' },
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: (args) => {
      const out = jsonSchemaTransform(args);
      const schema = out.schema as { operationId?: string };
      schema.operationId ??= operationId(String(args.route.method), args.url);
      return out;
    },
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.status).send({ error: { code: err.code, message: err.message, details: err.details ?? [] } });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.flatMap((v) => {
        const where = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
        if (v.keyword === 'unrecognized_keys') {
          const keys = ((v.params as { keys?: string[] }).keys ?? []).map((k) => (where ? `${where}.${k}` : k));
          return keys.map((field) => ({ field, message: 'is not a known field' }));
        }
        return [{ field: where || (err.validationContext ?? 'body'), message: v.message }];
      });
      return reply.status(400).send({
        error: {
          code: 'invalid_input',
          message: `Invalid ${err.validationContext ?? 'input'}: ${details.map((d) => `${d.field}: ${d.message}`).join('; ')}`,
          details,
        },
      });
    }
    const status = err.statusCode ?? 500;
    if (status === 413) {
      const limit = req.routeOptions?.bodyLimit ?? 1024 * 1024;
      return reply.status(413).send({ error: { code: 'too_large', message: `The request body is too large (limit ${Math.round(limit / (1024 * 1024))} MB)`, details: [] } });
    }
    if (status === 429) return reply.status(429).send({ error: { code: 'rate_limited', message: err.message, details: [] } });
    if (status === 415) return reply.status(415).send({ error: { code: 'unsupported_media_type', message: 'Send JSON (Content-Type: application/json)', details: [] } });
    if (status >= 400 && status < 500) {
      const code = err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.name === 'SyntaxError' ? 'malformed_json' : 'bad_request';
      return reply.status(status).send({ error: { code, message: code === 'malformed_json' ? 'The body is not valid JSON' : err.message, details: [] } });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'internal', message: 'Something went wrong on our side; it has been logged', details: [] } });
  });

  app.get('/healthz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(deps.db);
      return { status: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });

  await app.register(
    async (api) => {
      // Who is calling: a Bearer token or the session cookie. Cookie-authenticated
      // writes must come from our own origin (SameSite=Lax is the first guard).
      api.decorateRequest('actor', null);
      const readSessionCookie = sessionCookieReader(deps);
      // CSRF: a cross-site write is refused before its body is read or validated (http/csrf.ts, ADR 0033)
      api.addHook('onRequest', refuseCrossSiteWrites(deps.config.publicUrl));
      // U+0000 in a path, query or body is refused before validation (http/nul.ts, ADR 0032)
      api.addHook('preValidation', refuseNul);
      api.addHook('preHandler', async (req) => {
        const auth = req.headers.authorization;
        if (auth?.startsWith('Bearer ')) {
          req.actor = await actorFromApiToken(deps, auth.slice(7).trim());
          if (!req.actor) throw new AppError(401, 'invalid_token', 'The API token is invalid or revoked');
          return;
        }
        const sessionId = readSessionCookie(req);
        if (!sessionId) return;
        req.actor = await actorFromSessionId(deps, sessionId);
      });
      await registerApiDelivery(api);
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
      await api.register(authRoutes, { deps, signInPerMinute: opts.signInPerMinute ?? 10 });
      await api.register(engagementRoutes, { deps });
      await api.register(charterRoutes, { deps });
      await api.register(noteRoutes, { deps });
      await api.register(deliveryRoutes, { deps });
      await api.register(memberRoutes, { deps });
      await api.register(auditRoutes, { deps });
      await api.register(adminRoutes, { deps });
      await api.register(searchRoutes, { deps });
      await api.register(governanceRoutes, { deps });
      await api.register(commitmentRoutes, { deps });
      await api.register(statusRoutes, { deps });
      await api.register(recommendationRoutes, { deps });
      await api.register(commentRoutes, { deps });
      await api.register(failureRoutes, { deps });
      await api.register(agendaRoutes, { deps });
      await api.register(notificationRoutes, { deps });
      await api.register(liveRoutes, { deps });
      await api.register(navigationRoutes, { deps });
      await api.register(peopleRoutes, { deps });
      await api.register(forecastRoutes, { deps });
      await api.register(coachRoutes, { deps });
      await api.register(gateRoutes, { deps });
      await api.register(selectionRoutes, { deps });
      await api.register(trustRoutes, { deps });
      await api.register(webhookRoutes, { deps });
      await api.register(calendarFeedRoutes, { deps });
      await api.register(csvRoutes, { deps });
      await api.register(reportRoutes, { deps });
      api.setNotFoundHandler((req, reply) =>
        reply.status(404).send({ error: { code: 'not_found', message: `No route ${req.method} ${req.url.split('?')[0]}`, details: [] } }),
      );
    },
    { prefix: '/api/v1' },
  );

  const webRoot = opts.webRoot ?? WEB_DIST;
  const serveWeb = (opts.serveWeb ?? true) && existsSync(path.join(webRoot, 'index.html'));
  if (serveWeb) {
    // precompressed assets, cached by content hash; index.html for every app path (http/delivery.ts)
    await registerWeb(app, webRoot, headers['content-security-policy'] ?? "default-src 'self'");
  } else {
    app.setNotFoundHandler((req, reply) =>
      reply.status(404).send({ error: { code: 'not_found', message: `No route ${req.method} ${req.url.split('?')[0]}`, details: [] } }),
    );
  }
  return app;
}
