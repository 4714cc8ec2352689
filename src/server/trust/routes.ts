import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { EngagementParams } from '../../contracts/common';
import { TrustQuery, TrustReport } from '../../contracts/trust';
import type { Deps } from '../http/context';
import { authorize, responses } from '../http/plumbing';
import { getTrust } from './service';

export const trustRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/engagements/:id/trust',
    {
      schema: {
        tags: ['trust'],
        summary: 'The trust index: both sides’ scores from shared evidence only, the same for every member; `at=` recomputes it as of a past day',
        params: EngagementParams,
        querystring: TrustQuery.strict(),
        response: responses({ 200: TrustReport }),
      },
    },
    async (req) => getTrust(deps, await authorize(deps, req, req.params.id, 'trust.read'), req.query.at),
  );
};
