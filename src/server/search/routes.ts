import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SearchQuery, SearchResult } from '../../contracts/search';
import type { Deps } from '../http/context';
import { requireActor, responses } from '../http/plumbing';
import { search } from './service';

export const searchRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/search',
    { schema: { tags: ['search'], summary: 'Search what I may read across my engagements', querystring: SearchQuery, response: responses({ 200: SearchResult }) } },
    async (req) => ({ hits: await search(deps, requireActor(req), req.query.q, req.query.limit) }),
  );
};
