import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { EngagementParams } from '../../contracts/common';
import { EngagementCounts } from '../../contracts/navigation';
import type { Deps } from '../http/context';
import { authorize, responses } from '../http/plumbing';
import { navigationCounts } from './service';

export const navigationRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/engagements/:id/counts',
    {
      schema: {
        tags: ['engagements'],
        summary: 'Counts beside the navigation: decisions waiting for me, open escalations, overdue dependencies, commitments due soon (only what I may see)',
        params: EngagementParams,
        response: responses({ 200: EngagementCounts }),
      },
    },
    async (req) => navigationCounts(deps, await authorize(deps, req, req.params.id, 'navigation.counts')),
  );
};
