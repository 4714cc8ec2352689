import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ChangePasswordBody,
  CreatedToken,
  CreateTokenBody,
  ForgotPasswordBody,
  ResetPasswordBody,
  SessionResponse,
  SignInBody,
  TokenList,
} from '../../contracts/auth';
import { Id, Ok } from '../../contracts/common';
import type { Deps } from '../http/context';
import { requireActor, responses } from '../http/plumbing';
import {
  changePassword,
  createApiToken,
  listTokens,
  requestPasswordReset,
  resetPassword,
  revokeApiToken,
  SESSION_COOKIE,
  signIn,
  signOut,
  whoAmI,
} from './service';

export const authRoutes: FastifyPluginAsyncZod<{ deps: Deps; signInPerMinute: number }> = async (app, { deps, signInPerMinute }) => {
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: deps.config.secureCookies,
    signed: true,
    maxAge: 30 * 24 * 3600,
  };
  const limited = (max: number) => ({
    rateLimit: {
      max,
      timeWindow: '1 minute',
      hook: 'preHandler' as const,
      keyGenerator: (req: { ip: string; body?: unknown }) =>
        `${req.ip}|${String((req.body as { email?: unknown } | undefined)?.email ?? '').toLowerCase()}`,
    },
  });

  app.post(
    '/session',
    {
      config: limited(signInPerMinute),
      schema: { tags: ['session'], summary: 'Sign in', security: [], body: SignInBody, response: responses({ 200: SessionResponse }) },
    },
    async (req, reply) => {
      // the session of the cookie the browser brings (another account's, or an old one) ends: never adopted
      const raw = req.cookies[SESSION_COOKIE];
      const previous = raw ? req.unsignCookie(raw) : undefined;
      const { token, user } = await signIn(deps, req.body.email, req.body.password, previous?.valid ? (previous.value ?? undefined) : undefined);
      reply.setCookie(SESSION_COOKIE, token, cookieOptions);
      return { user };
    },
  );

  app.delete(
    '/session',
    { schema: { tags: ['session'], summary: 'Sign out', security: [], response: responses({ 200: Ok }) } },
    async (req, reply) => {
      const raw = req.cookies[SESSION_COOKIE];
      const unsigned = raw ? req.unsignCookie(raw) : undefined;
      await signOut(deps, unsigned?.valid ? (unsigned.value ?? undefined) : undefined);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/session',
    { schema: { tags: ['session'], summary: 'Who am I', response: responses({ 200: SessionResponse }) } },
    async (req) => ({ user: await whoAmI(deps, requireActor(req)) }),
  );

  app.put(
    '/me/password',
    { schema: { tags: ['profile'], summary: 'Change my password', body: ChangePasswordBody, response: responses({ 200: Ok }) } },
    async (req) => {
      const raw = req.cookies[SESSION_COOKIE];
      const unsigned = raw ? req.unsignCookie(raw) : undefined;
      await changePassword(deps, requireActor(req), req.body.currentPassword, req.body.newPassword, unsigned?.valid ? (unsigned.value ?? undefined) : undefined);
      return { ok: true as const };
    },
  );

  app.post(
    '/password/forgot',
    {
      config: limited(5),
      schema: { tags: ['session'], summary: 'E-mail a password reset link', security: [], body: ForgotPasswordBody, response: responses({ 202: Ok }) },
    },
    async (req, reply) => {
      await requestPasswordReset(deps, req.body.email);
      return reply.status(202).send({ ok: true as const });
    },
  );

  app.post(
    '/password/reset',
    {
      config: limited(10),
      schema: { tags: ['session'], summary: 'Set a new password with a reset link', security: [], body: ResetPasswordBody, response: responses({ 200: Ok }) },
    },
    async (req) => {
      await resetPassword(deps, req.body.token, req.body.newPassword);
      return { ok: true as const };
    },
  );

  app.get(
    '/me/tokens',
    { schema: { tags: ['profile'], summary: 'My API tokens', response: responses({ 200: TokenList }) } },
    async (req) => ({ tokens: await listTokens(deps, requireActor(req)) }),
  );

  app.post(
    '/me/tokens',
    { schema: { tags: ['profile'], summary: 'Create an API token (shown once)', body: CreateTokenBody, response: responses({ 201: CreatedToken }) } },
    async (req, reply) => reply.status(201).send(await createApiToken(deps, requireActor(req), req.body.name)),
  );

  app.delete(
    '/me/tokens/:tokenId',
    { schema: { tags: ['profile'], summary: 'Revoke an API token', params: z.strictObject({ tokenId: Id }), response: responses({ 200: Ok }) } },
    async (req) => {
      await revokeApiToken(deps, requireActor(req), req.params.tokenId);
      return { ok: true as const };
    },
  );
};
