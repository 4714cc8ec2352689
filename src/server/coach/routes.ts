import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CoachBody,
  CoachResult,
  CreateGlossaryTermBody,
  DismissalBody,
  DismissalCount,
  DismissalStats,
  GlossaryList,
  GlossaryTerm,
  GlossaryTermParams,
  UpdateGlossaryTermBody,
} from '../../contracts/coach';
import { EngagementParams, Ok } from '../../contracts/common';
import { requireAdmin } from '../admin/service';
import type { Deps } from '../http/context';
import { authorize, requireActor, responses } from '../http/plumbing';
import { addGlossaryTerm, checkText, dismissalStats, listGlossary, recordDismissal, removeGlossaryTerm, updateGlossaryTerm } from './service';

export const coachRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.post(
    '/coach',
    {
      schema: {
        tags: ['coach'],
        summary: 'Check client-facing text for what may be read otherwise (nothing is stored)',
        body: CoachBody,
        response: responses({ 200: CoachResult }),
      },
    },
    async (req) => {
      requireActor(req);
      const access = req.body.engagementId ? await authorize(deps, req, req.body.engagementId, 'glossary.read') : null;
      return checkText(deps, access, req.body);
    },
  );

  app.post(
    '/coach/dismissals',
    {
      schema: {
        tags: ['coach'],
        summary: 'Count a dismissed flag for its rule (the text is never sent or stored)',
        body: DismissalBody,
        response: responses({ 201: DismissalCount }),
      },
    },
    async (req, reply) => {
      requireActor(req);
      return reply.status(201).send(await recordDismissal(deps, req.body));
    },
  );

  app.get(
    '/admin/coach/dismissals',
    { schema: { tags: ['admin', 'coach'], summary: 'Dismissals per coach rule, most dismissed first', response: responses({ 200: DismissalStats }) } },
    async (req) => {
      requireAdmin(requireActor(req));
      return dismissalStats(deps);
    },
  );

  app.get(
    '/engagements/:id/glossary',
    { schema: { tags: ['coach'], summary: "The engagement's glossary: terms and plain explanations", params: EngagementParams, response: responses({ 200: GlossaryList }) } },
    async (req) => listGlossary(deps, await authorize(deps, req, req.params.id, 'glossary.read')),
  );

  app.post(
    '/engagements/:id/glossary',
    { schema: { tags: ['coach'], summary: 'Add a term (lead)', params: EngagementParams, body: CreateGlossaryTermBody, response: responses({ 201: GlossaryTerm }) } },
    async (req, reply) => reply.status(201).send(await addGlossaryTerm(deps, await authorize(deps, req, req.params.id, 'glossary.write'), req.body)),
  );

  app.patch(
    '/engagements/:id/glossary/:termId',
    { schema: { tags: ['coach'], summary: 'Edit a term (lead)', params: GlossaryTermParams, body: UpdateGlossaryTermBody, response: responses({ 200: GlossaryTerm }) } },
    async (req) => updateGlossaryTerm(deps, await authorize(deps, req, req.params.id, 'glossary.write'), req.params.termId, req.body),
  );

  app.delete(
    '/engagements/:id/glossary/:termId',
    { schema: { tags: ['coach'], summary: 'Remove a term (lead)', params: GlossaryTermParams, response: responses({ 200: Ok }) } },
    async (req) => {
      await removeGlossaryTerm(deps, await authorize(deps, req, req.params.id, 'glossary.write'), req.params.termId);
      return { ok: true as const };
    },
  );
};
