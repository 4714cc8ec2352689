/**
 * The trust index (issue 14, ADR 0022): a two-way, explainable partnership
 * health computed from the engagement's shared audit history, identical for
 * both sides. Each component is 0–100, or null with the reason when there is
 * not enough evidence (never a made-up neutral 50).
 *
 * Fixed path: `GET /api/v1/engagements/{id}/trust?at=YYYY-MM-DD`.
 */
import { z } from 'zod';
import { Id, IsoDate, IsoDateTime } from './common';

export const ProviderComponentKey = z.enum(['predictability', 'proactiveness', 'transparency', 'responsiveness', 'advice', 'client_voice']);
export const ClientComponentKey = z.enum(['decisions', 'dependencies', 'engagement', 'provider_voice']);
export const TrustComponentKey = z.union([ProviderComponentKey, ClientComponentKey]);
export const TrustSide = z.enum(['provider', 'client']);

export const TrustEvidence = z.object({
  type: z.string().describe("The object type (commitment, raid_item, decision, status_update, gate_review, recommendation, escalation, failure_report, …) or 'aggregate'"),
  id: Id.nullable().describe('The object; null for an aggregate'),
  title: z.string(),
  at: IsoDateTime.nullable(),
  effect: z.number().describe('Points this evidence moved the component, signed'),
  explanation: z.string(),
  path: z.string().nullable().describe("The API path the reader can open: the object, or for an aggregate the list it counts"),
});

export const TrustComponent = z.object({
  key: TrustComponentKey,
  score: z.number().min(0).max(100).nullable(),
  weight: z.number().describe('Its weight in the side’s headline (0 when the score is null)'),
  explanation: z.string().describe('What it says, or why there is not enough evidence'),
  evidence: z.array(TrustEvidence),
  raise: z.array(z.object({ action: z.string(), to: z.number().nullable().describe('About where the score would be') })).describe('What would raise it, computed from the open evidence'),
});

export const TrustSideReport = z.object({
  score: z.number().min(0).max(100).nullable(),
  components: z.array(TrustComponent),
});

export const TrustReport = z.object({
  asOf: IsoDate,
  provider: TrustSideReport,
  client: TrustSideReport,
  trend: z.array(z.object({ date: IsoDate, provider: z.number().nullable(), client: z.number().nullable() })),
  changes: z.array(z.object({ side: TrustSide, component: TrustComponentKey, from: z.number().nullable(), to: z.number().nullable(), because: z.string() })),
});

/** The overview's headline: both sides' scores and the trend (from the server's cache, no evidence). */
export const TrustHeadline = z.object({
  asOf: IsoDate,
  provider: z.number().nullable(),
  client: z.number().nullable(),
  trend: TrustReport.shape.trend,
});

/** The trust panel of the status-update draft: the headline and the components that moved in the period. */
export const TrustPanel = z.object({
  asOf: IsoDate,
  since: IsoDate.nullable().describe('The day the period began (null: the last weeks, no earlier update)'),
  provider: z.number().nullable(),
  client: z.number().nullable(),
  changes: TrustReport.shape.changes,
});

export const TrustQuery = z.object({ at: IsoDate.optional().describe('Only events up to the end of this day (the engagement’s time zone) count; default today') });

export type TrustHeadline = z.infer<typeof TrustHeadline>;
export type TrustReport = z.infer<typeof TrustReport>;
export type TrustComponent = z.infer<typeof TrustComponent>;
export type TrustEvidence = z.infer<typeof TrustEvidence>;
