import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Action } from '../../domain/authz/policy';
import { ErrorBody } from '../../contracts/common';
import { authorizeEngagement, type EngagementAccess } from '../authz/access';
import type { Actor, Deps } from './context';
import { unauthorized } from './errors';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw unauthorized();
  return req.actor;
}

/** Authenticate + authorize in one step: the policy layer's front door for handlers. */
export function authorize(deps: Deps, req: FastifyRequest, engagementId: string, action: Action): Promise<EngagementAccess> {
  return authorizeEngagement(deps.db, requireActor(req), engagementId, action);
}

/** A response map with the shared error shape on every error status. */
export function responses<T extends Record<number, z.ZodType>>(ok: T) {
  return {
    ...ok,
    400: ErrorBody,
    401: ErrorBody,
    403: ErrorBody,
    404: ErrorBody,
    409: ErrorBody,
    413: ErrorBody,
    422: ErrorBody,
    429: ErrorBody,
  };
}

export const NoContent = z.null().describe('No content');
