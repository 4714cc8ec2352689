import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EngagementParams } from '../../contracts/common';
import { ReportHistory, ReportQuery } from '../../contracts/report';
import { reportDocument } from '../../domain/report/document';
import { reportHtml } from '../../domain/report/html';
import type { Deps } from '../http/context';
import { authorize, responses } from '../http/plumbing';
import { reportPdf } from './pdf';
import { generateReport, reportHistory } from './service';

/**
 * The engagement report (issue 16, ADR 0024). Fixed paths:
 * `GET /engagements/{id}/report` (HTML) and `GET /engagements/{id}/report.pdf`.
 * Each generation is recorded in the engagement's audit chain.
 */
export const reportRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  const E = '/engagements/:id';
  const tags = ['reports'];
  const period = 'The period (`from`, `to`: whole UTC days, inclusive) defaults to the day of the last report generated here (else the engagement’s start) up to today. Every generation is recorded in the engagement’s audit chain as “report generated” (the period, format and role; never the content).';

  app.get(
    `${E}/report`,
    {
      schema: {
        tags,
        summary: 'The engagement report for a steering meeting as a print-friendly HTML page, with what your role may see',
        description: period,
        params: EngagementParams,
        querystring: ReportQuery,
        produces: ['text/html'],
        response: responses({ 200: z.string().describe('text/html; charset=utf-8') }),
      },
    },
    async (req, reply) => {
      const report = await generateReport(deps, await authorize(deps, req, req.params.id, 'report.read'), req.query, 'html');
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(reportHtml(reportDocument(report)));
    },
  );

  app.get(
    `${E}/report.pdf`,
    {
      schema: {
        tags,
        summary: 'The same report as a PDF: title page, page numbers, the period, who generated it for which role and the audit chain head',
        description: period,
        params: EngagementParams,
        querystring: ReportQuery,
        produces: ['application/pdf'],
        response: responses({ 200: z.string().describe('application/pdf (bytes)') }),
      },
    },
    async (req, reply) => {
      const report = await generateReport(deps, await authorize(deps, req, req.params.id, 'report.read'), req.query, 'pdf');
      const bytes = await reportPdf(reportDocument(report), { period: `${report.period.from} to ${report.period.to}`, generatedAt: new Date(report.generatedAt) });
      const name = `engagement-report-${report.period.from}-to-${report.period.to}.pdf`;
      return reply
        .type('application/pdf')
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(bytes as unknown as string); // bytes are sent as they are (Fastify does not serialize a Buffer)
    },
  );

  app.get(
    `${E}/reports`,
    { schema: { tags, summary: 'The default report period and the reports generated so far (from the audit chain)', params: EngagementParams, response: responses({ 200: ReportHistory }) } },
    async (req) => reportHistory(deps, await authorize(deps, req, req.params.id, 'report.read')),
  );
};
