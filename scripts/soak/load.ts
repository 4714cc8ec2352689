/**
 * The soak's load: clients signed in as the demo roles, each in its own loop without think time until the deadline,
 * picking a weighted mix of the real pages' reads and writes (fetch with keep-alive: Node's global undici agent keeps
 * the connections open). Every request is timed from send to the last byte of the body; any non-2xx answer or network
 * error counts as an error of its route, with the first few kept for the report.
 */
import { performance } from 'node:perf_hooks';
import type { EngagementRole } from '../../src/domain/authz/policy';
import { DEMO_ACCOUNTS } from '../../src/server/db/seed/demo';
import { Latencies } from './stats';
import { mulberry32 } from '../../src/domain/random';

export const ROLES: EngagementRole[] = ['lead', 'member', 'sponsor', 'stakeholder'];
const PROVIDER: EngagementRole[] = ['lead', 'member'];

export interface Targets {
  base: string;
  /** the demo engagement with the bench's notes */
  E: string;
  /** the large delivery engagement */
  D: string;
  /** gate reviews, RAID items (shared), in-progress work items of D: ids the mix refers to */
  gateReview: string;
  raidItems: string[];
  workItems: { id: string; visibility: 'shared' | 'internal' }[];
}

interface Request {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
}

interface Op {
  name: string;
  kind: 'read' | 'write';
  weight: number;
  roles?: EngagementRole[];
  request: (c: ClientState, t: Targets, i: number) => Request;
}

interface ClientState {
  role: EngagementRole;
  name: string;
  cookie: string;
}

/** A day in the last 300 (each person's day stays under the 24-hour rule however long the soak runs). */
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const words = ['carrier API', 'pricing page', 'invoice export', 'tracking widget'];

/** The mix: weights are relative (about 80 % reads, 20 % writes for a provider role, less writing for the client's). */
export const OPS: Op[] = [
  { name: 'overview', kind: 'read', weight: 10, request: (_c, t) => ({ method: 'GET', path: `/api/v1/engagements/${t.E}/overview` }) },
  { name: 'delivery.overview', kind: 'read', weight: 8, request: (_c, t) => ({ method: 'GET', path: `/api/v1/engagements/${t.D}/delivery` }) },
  { name: 'items.list', kind: 'read', weight: 7, request: (_c, t) => ({ method: 'GET', path: `/api/v1/engagements/${t.D}/items?limit=50` }) },
  { name: 'items.list.filtered', kind: 'read', weight: 3, request: (_c, t) => ({ method: 'GET', path: `/api/v1/engagements/${t.D}/items?limit=50&status=done,in_progress&sort=-likely` }) },
  { name: 'notes.list', kind: 'read', weight: 8, request: (_c, t) => ({ method: 'GET', path: `/api/v1/engagements/${t.E}/notes?limit=50` }) },
  { name: 'notes.search', kind: 'read', weight: 5, request: (_c, t, i) => ({ method: 'GET', path: `/api/v1/engagements/${t.E}/notes?q=${encodeURIComponent(words[i % 4]!.split(' ')[0]!)}&limit=50` }) },
  { name: 'audit.page', kind: 'read', weight: 5, request: (_c, t) => ({ method: 'GET', path: `/api/v1/engagements/${t.E}/audit?limit=50` }) },
  { name: 'trust', kind: 'read', weight: 4, request: (_c, t) => ({ method: 'GET', path: `/api/v1/engagements/${t.E}/trust` }) },
  { name: 'forecast', kind: 'read', weight: 0.5, request: (_c, t) => ({ method: 'GET', path: `/api/v1/engagements/${t.D}/forecast` }) },
  { name: 'gate-reviews.list', kind: 'read', weight: 2, request: (_c, t) => ({ method: 'GET', path: `/api/v1/engagements/${t.E}/gate-reviews` }) },
  { name: 'gate-review.detail', kind: 'read', weight: 1, request: (_c, t) => ({ method: 'GET', path: `/api/v1/engagements/${t.E}/gate-reviews/${t.gateReview}` }) },
  { name: 'agenda', kind: 'read', weight: 3, request: (_c, t) => ({ method: 'GET', path: `/api/v1/engagements/${t.E}/agenda` }) },
  { name: 'status-updates.list', kind: 'read', weight: 3, request: (_c, t) => ({ method: 'GET', path: `/api/v1/engagements/${t.E}/status-updates` }) },
  { name: 'raid.list', kind: 'read', weight: 2, request: (_c, t) => ({ method: 'GET', path: `/api/v1/engagements/${t.E}/raid` }) },
  { name: 'time.totals', kind: 'read', weight: 2, request: (_c, t) => ({ method: 'GET', path: `/api/v1/engagements/${t.D}/time-entries/totals?groupBy=week` }) },
  { name: 'search', kind: 'read', weight: 4, request: (_c, _t, i) => ({ method: 'GET', path: `/api/v1/search?q=${encodeURIComponent(words[i % 4]!)}` }) },
  {
    name: 'note.create',
    kind: 'write',
    weight: 6,
    request: (c, t, i) => ({
      method: 'POST',
      path: `/api/v1/engagements/${t.E}/notes`,
      body: { title: `Soak note ${i}: ${words[i % 4]}`, body: `Written by the soak as ${c.role}. `.repeat(6), visibility: PROVIDER.includes(c.role) && i % 5 === 0 ? 'internal' : 'shared' },
    }),
  },
  {
    name: 'item.create',
    kind: 'write',
    weight: 3,
    roles: PROVIDER,
    request: (_c, t, i) => ({ method: 'POST', path: `/api/v1/engagements/${t.D}/items`, body: { title: `Soak item ${i}: ${words[i % 4]}`, estimate: { low: 2, likely: 4, high: 8 } } }),
  },
  {
    name: 'time-entry.create',
    kind: 'write',
    weight: 5,
    roles: PROVIDER,
    request: (_c, t, i) => {
      // time on an internal item is internal too
      const item = t.workItems[i % t.workItems.length];
      return {
        method: 'POST',
        path: `/api/v1/engagements/${t.D}/time-entries`,
        body: { dateWorked: daysAgo(i % 300), minutes: 15 + (i % 4) * 15, workItemId: item?.id ?? null, visibility: item?.visibility ?? 'shared', note: `soak ${i}` },
      };
    },
  },
  {
    name: 'comment.create',
    kind: 'write',
    weight: 3,
    request: (c, t, i) => ({
      method: 'POST',
      path: `/api/v1/engagements/${t.E}/comments?subjectType=raid_item&subjectId=${t.raidItems[i % t.raidItems.length]}`,
      body: { body: `A soak comment from the ${c.role} (${i}).` },
    }),
  },
  {
    name: 'raid.create',
    kind: 'write',
    weight: 0.5,
    request: (c, t, i) => ({ method: 'POST', path: `/api/v1/engagements/${t.E}/raid`, body: { type: 'issue', title: `Soak issue ${i}`, owner: c.name } }),
  },
];

export interface RouteStats {
  name: string;
  kind: 'read' | 'write';
  count: number;
  errors: number;
  latencies: Latencies;
  /** the first few errors, as "status: message" */
  samples: string[];
}

export function newRouteStats(): Map<string, RouteStats> {
  return new Map(OPS.map((o) => [o.name, { name: o.name, kind: o.kind, count: 0, errors: 0, latencies: new Latencies(), samples: [] }]));
}

export async function signIn(base: string, role: EngagementRole, password: string): Promise<ClientState> {
  const account = DEMO_ACCOUNTS.find((a) => a.key === role)!;
  const res = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: account.email, password }) });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`sign-in as ${role} → ${res.status}`);
  return { role, name: account.name, cookie: res.headers.getSetCookie()[0]!.split(';')[0]! };
}


/** The op whose share of the cumulative weights holds r. */
function pick(ops: Op[], r: number): Op {
  let left = r;
  for (const o of ops) {
    left -= o.weight;
    if (left < 0) return o;
  }
  return ops[ops.length - 1]!;
}

/** One client's loop: until `deadline` (performance.now() ms), one request at a time. */
export async function runClient(index: number, client: ClientState, targets: Targets, stats: Map<string, RouteStats>, deadline: number): Promise<void> {
  const ops = OPS.filter((o) => !o.roles || o.roles.includes(client.role));
  const total = ops.reduce((s, o) => s + o.weight, 0);
  const rand = mulberry32(1000 + index); // a seeded PRNG per client, so a run's mix is the same each time
  let i = index * 1_000_000;
  while (performance.now() < deadline) {
    const op = pick(ops, rand() * total);
    const req = op.request(client, targets, i++);
    const s = stats.get(op.name)!;
    const t = performance.now();
    let status = 0;
    let failure = '';
    try {
      const res = await fetch(targets.base + req.path, {
        method: req.method,
        headers: { cookie: client.cookie, ...(req.body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
      });
      const text = await res.text();
      status = res.status;
      if (!res.ok) failure = `${status} ${text.slice(0, 300)}`;
    } catch (err) {
      failure = `network: ${err instanceof Error ? `${err.message}${err.cause ? ` (${String(err.cause)})` : ''}` : String(err)}`;
    }
    s.latencies.push(performance.now() - t);
    s.count++;
    if (failure) {
      s.errors++;
      if (s.samples.length < 5) s.samples.push(`${client.role}: ${failure}`);
    }
  }
}
