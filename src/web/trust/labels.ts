import type { TrustComponent } from '../../contracts/trust';

export type ComponentKey = TrustComponent['key'];

/** The components' names and what each reads (ADR 0022), as the trust page and the overview say them. */
export const COMPONENT: Record<ComponentKey, { label: string; reads: string }> = {
  predictability: { label: 'Predictability', reads: 'Commitments kept on time (early renegotiation counts nearly as kept), and forecasts that held' },
  proactiveness: { label: 'Proactiveness', reads: 'Issues flagged as risks before they occurred, dependencies asked for early, failures reported by the provider itself' },
  transparency: { label: 'Transparency', reads: 'Status updates on the charter’s cadence, time logged promptly, the RAID register kept fresh' },
  responsiveness: { label: 'Responsiveness', reads: 'Answers to escalations and provider-owned decisions within the charter’s times' },
  advice: { label: 'Advice', reads: 'Recommendations with reasons, including those against the provider’s own revenue' },
  client_voice: { label: 'Client voice', reads: 'The client’s gate-review scores and their trend' },
  decisions: { label: 'Decisions', reads: 'Decisions the client owns, made by their due dates' },
  dependencies: { label: 'Dependencies', reads: 'Client-side dependencies delivered when needed, client commitments kept' },
  engagement: { label: 'Engagement', reads: 'Gate reviews answered and status updates acknowledged' },
  provider_voice: { label: 'Provider voice', reads: 'The provider’s gate-review answers about the partnership' },
};

export const SIDE_COLOR = { provider: 'indigo', client: 'teal' } as const;

export const scoreText = (s: number | null) => (s === null ? '—' : String(Math.round(s)));

/**
 * The web page of an evidence path: API paths map onto the engagement's pages
 * (most are the same below `/engagements/:id`; a few lists live elsewhere).
 */
export function webPathOf(apiPath: string | null): string | null {
  if (!apiPath) return null;
  const m = /^\/api\/v1(\/engagements\/[^/]+)(\/.*)?$/.exec(apiPath);
  if (!m) return null;
  const base = m[1]!;
  const rest = m[2] ?? '';
  if (rest.startsWith('/time-entries')) return `${base}/time`;
  if (rest.startsWith('/forecasts')) return `${base}/forecast`;
  if (rest.startsWith('/phases')) return `${base}/phases`;
  if (rest.startsWith('/recommendations/ledger')) return `${base}/recommendations`;
  if (rest.startsWith('/commitments/say-do')) return `${base}/commitments`;
  return `${base}${rest}`;
}
