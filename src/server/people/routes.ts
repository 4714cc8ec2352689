import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { EngagementParams } from '../../contracts/common';
import { UnresolvedPeople } from '../../contracts/people';
import type { Deps } from '../http/context';
import { authorize, responses } from '../http/plumbing';
import { listUnresolved } from './service';

export const peopleRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/engagements/:id/people/unresolved',
    {
      schema: {
        tags: ['people'],
        summary: 'Names that matched no single member (charter RACI, RAID owners, open decisions), for the leads to resolve',
        params: EngagementParams,
        response: responses({ 200: UnresolvedPeople }),
      },
    },
    async (req) => ({ items: await listUnresolved(deps, await authorize(deps, req, req.params.id, 'people.unresolved')) }),
  );
};
