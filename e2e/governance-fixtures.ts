import type { ManualClock } from '../src/server/clock';
import { DEMO_PASSWORD, type DemoKey, demoEmail, E2E_NOW } from './harness';

/** A small API client for test setup: signs in as a demo account and keeps its session cookie. */
export class ApiClient {
  private constructor(
    readonly baseUrl: string,
    private readonly cookie: string,
  ) {}

  static async signIn(baseUrl: string, key: DemoKey): Promise<ApiClient> {
    const res = await fetch(`${baseUrl}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: demoEmail(key), password: DEMO_PASSWORD }),
    });
    if (!res.ok) throw new Error(`sign-in as ${key} failed: ${res.status} ${await res.text()}`);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    return new ApiClient(baseUrl, cookie);
  }

  async call<T = Record<string, unknown>>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: { cookie: this.cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  get = <T = Record<string, unknown>>(path: string) => this.call<T>('GET', path);
  post = <T = Record<string, unknown>>(path: string, body: unknown = {}) => this.call<T>('POST', path, body);
  patch = <T = Record<string, unknown>>(path: string, body: unknown) => this.call<T>('PATCH', path, body);
}

const DAY = 86_400_000;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

interface Ref {
  id: string;
}

export interface GovernanceFixture {
  riskId: string;
  occurredRiskId: string;
  issueId: string;
  unflaggedIssueId: string;
  assumptionId: string;
  overdueDependencyId: string;
  decidedDecisionId: string;
  openDecisionId: string;
  overdueDecisionId: string | null;
  escalationId: string;
}

/**
 * Fills the demo engagement's RAID log, decision log and escalations through
 * the API, the way a team would over three weeks. With a ManualClock the
 * story is spread over time (real lead times, overdue items, a climb); the
 * clock ends where it started plus 20 days. Without one, overdue dependencies
 * are made by moving their dates back.
 */
export async function seedGovernance(
  baseUrl: string,
  engagementId: string,
  opts: { clock?: ManualClock; runJobs?: () => Promise<unknown> } = {},
): Promise<GovernanceFixture> {
  const [lead, member, sponsor, stakeholder] = await Promise.all([
    ApiClient.signIn(baseUrl, 'lead'),
    ApiClient.signIn(baseUrl, 'member'),
    ApiClient.signIn(baseUrl, 'sponsor'),
    ApiClient.signIn(baseUrl, 'stakeholder'),
  ]);
  const E = `/engagements/${engagementId}`;
  const clock = opts.clock;
  const now = () => (clock ? clock.now() : E2E_NOW);
  const advance = async (days: number) => {
    if (!clock) return;
    clock.advance(days * DAY);
    await opts.runJobs?.();
  };
  const day = (offset: number) => isoDate(new Date(now().getTime() + offset * DAY));

  const risk = (who: ApiClient, body: Record<string, unknown>) => who.post<Ref>(`${E}/raid`, { type: 'risk', ...body });
  const main = await risk(member, {
    title: 'No API documentation for the Nordlys carrier',
    description: 'One of the five carriers has no documented tracking API. Our estimate assumed documented APIs.',
    owner: 'Tom Reyes',
    probability: 4,
    impact: 4,
    mitigation: 'Ask Fjord to introduce us to the carrier’s IT before the integration sprint.',
    trigger: 'No answer from the carrier by the end of sprint 3',
  });
  await risk(lead, { title: 'Invoice data migration takes longer than planned', owner: 'Maya Okafor', probability: 3, impact: 4, mitigation: 'Migrate a sample month first.' });
  await risk(stakeholder, { title: 'Shippers keep phoning out of habit', owner: 'Sam Patel', probability: 3, impact: 2, mitigation: 'Service desk points callers to the portal.' });
  await risk(lead, { title: 'Backend capacity from March', owner: 'Maya Okafor', probability: 3, impact: 3, visibility: 'internal', description: 'Tom is booked elsewhere from March.' });
  await risk(member, { title: 'Test accounts expire during acceptance', owner: 'Sam Patel', probability: 2, impact: 2 });
  await risk(member, { title: 'Release window collides with the peak season freeze', owner: 'Maya Okafor', probability: 2, impact: 5 });
  const envDown = await risk(member, { title: 'Carrier test environment is down for days', owner: 'Tom Reyes', probability: 3, impact: 3 });
  const outOfOrder = await risk(member, { title: 'Tracking events arrive out of order', owner: 'Tom Reyes', probability: 2, impact: 4 });
  const assumption = await lead.post<Ref>(`${E}/raid`, {
    type: 'assumption',
    title: 'Fjord’s single sign-on supports OpenID Connect',
    owner: 'Sam Patel',
    description: 'The login design relies on it.',
  });
  await lead.post(`${E}/raid`, { type: 'assumption', title: 'Shippers book pick-ups mostly from a desktop', owner: 'Sam Patel' });
  const rootAccess = await member.post<Ref>(`${E}/raid`, {
    type: 'dependency',
    title: 'Root access to the staging server for Tom',
    owner: 'Sam Patel',
    neededFrom: 'client',
    neededBy: day(clock ? 6 : 0),
  });
  const pricing = await lead.post<Ref>(`${E}/raid`, { type: 'dependency', title: 'Content for the pricing page', owner: 'Ingrid Halvorsen', neededFrom: 'client', neededBy: day(clock ? 10 : 0) });
  const sandbox = await member.post<Ref>(`${E}/raid`, { type: 'dependency', title: 'Carrier sandbox credentials', owner: 'Sam Patel', neededFrom: 'third_party', neededBy: day(clock ? 12 : 0) });
  await lead.post(`${E}/raid`, { type: 'dependency', title: 'Acceptance test environment', owner: 'Tom Reyes', neededFrom: 'provider', neededBy: day(clock ? 30 : 14) });
  if (!clock) {
    for (const d of [rootAccess, pricing, sandbox]) await lead.patch(`${E}/raid/${d.id}`, { neededBy: day(-3) });
  }

  const hosting = await lead.post<Ref>(`${E}/decisions`, {
    title: 'Host the portal in Fjord’s Azure tenant or ours',
    context: 'Fjord’s IT prefers its own tenant; we have run similar portals in ours.',
    options: [
      { title: 'Fjord’s Azure tenant', cost: '+3 days setup', time: 'ready in week 3', risk: 'access requests take days' },
      { title: 'Brightline’s tenant', cost: 'included', time: 'ready now', risk: 'move later costs ~5 days' },
    ],
    recommendation: 'We recommend Fjord’s tenant, because Fjord will run the portal after the engagement.',
    kind: 'technical',
    dueDate: day(3),
  });
  await advance(2);
  await lead.post(`${E}/decisions/${hosting.id}/decide`, { outcome: 'Fjord’s tenant: Fjord runs the portal after us.', chosenOption: 0 });

  await advance(6);
  const issue = await lead.post<Ref>(`${E}/raid/${envDown.id}/occur`, { description: 'The carrier’s test environment has been down since Monday.' });
  await advance(6);
  await member.post(`${E}/raid/${outOfOrder.id}/occur`, {});
  const unflagged = await stakeholder.post<Ref>(`${E}/raid`, {
    type: 'issue',
    title: 'Pick-up form rejects Norwegian postcodes with a space',
    owner: 'Tom Reyes',
    description: 'Shippers in Oslo cannot book pick-ups.',
  });
  await advance(1);
  const carriers = await lead.post<Ref>(`${E}/decisions`, {
    title: 'Which carriers to integrate first',
    context: 'Five carriers send tracking events; two push webhooks, three need polling. We can integrate two per sprint.',
    options: [
      { title: 'The two webhook carriers', description: 'Fastest to build.', cost: '6 days', time: 'sprint 4', risk: 'they carry only 30% of consignments' },
      { title: 'The two largest carriers', description: 'Most consignments covered first.', cost: '9 days', time: 'sprint 4–5', risk: 'one needs polling every 15 minutes' },
      { title: 'All five at once', cost: '20 days', time: 'sprint 6', risk: 'nothing ships until all work' },
    ],
    recommendation: 'We recommend the two largest carriers, because they cover 70% of tracking calls to the service desk.',
    kind: 'scope',
    dueDate: day(clock ? 10 : 5),
  });
  let overdueDecision: Ref | null = null;
  if (clock) {
    overdueDecision = await lead.post<Ref>(`${E}/decisions`, {
      title: 'Go-live date for shipment tracking',
      context: 'Tracking can go live before the invoicing module.',
      options: [
        { title: 'Go live in March with tracking only', risk: 'two portals for a while' },
        { title: 'Wait for invoicing in May', time: 'two months later' },
      ],
      recommendation: 'We recommend March: tracking answers 41% of service desk calls.',
      kind: 'release',
      dueDate: day(1),
    });
  }
  await advance(2);
  const escalation = await stakeholder.post<Ref>(`${E}/escalations`, {
    subjectType: 'issue',
    subjectId: unflagged.id,
    description: 'Oslo shippers have phoned us for a week. We need a fix date.',
  });
  if (overdueDecision) {
    await sponsor.post(`${E}/escalations`, { subjectType: 'decision', subjectId: overdueDecision.id, description: 'We cannot plan the launch campaign without it.' });
  }
  await advance(2);
  await lead.patch(`${E}/raid/${assumption.id}`, { status: 'invalidated' });
  await advance(1);

  return {
    riskId: main.id,
    occurredRiskId: envDown.id,
    issueId: issue.id,
    unflaggedIssueId: unflagged.id,
    assumptionId: assumption.id,
    overdueDependencyId: rootAccess.id,
    decidedDecisionId: hosting.id,
    openDecisionId: carriers.id,
    overdueDecisionId: overdueDecision?.id ?? null,
    escalationId: escalation.id,
  };
}
