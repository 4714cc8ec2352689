/**
 * The crash drill's writers: clients signed in as demo accounts that send mixed writes to the real
 * server, one at a time each, until the server goes away. Every request is written down before it is
 * sent, with a marker (a unique text in its title or note), so that after a restart the checker can
 * tell, for each request, whether it is present, absent or present twice, whether or not its answer
 * arrived. A request counts as acknowledged only when its 2xx answer, with the new id, was read whole.
 */

export type WriteKind = 'note' | 'work_item' | 'item_update' | 'time_entry' | 'commitment' | 'raid';
export const CREATE_KINDS = ['note', 'work_item', 'time_entry', 'commitment', 'raid'] as const;
export type CreateKind = (typeof CREATE_KINDS)[number];

export interface Attempt {
  kind: WriteKind;
  /** The text that identifies this request's row: a title (a note's, an item's, …) or a time entry's note. */
  marker: string;
  client: string;
  round: number;
  /** The 2xx answer and its id arrived. */
  acked: boolean;
  /** The created object's id (creates), or the updated item's id (updates). */
  id: string | null;
  /** HTTP status of a refused request (4xx/5xx); undefined for acknowledged or cut requests. */
  status?: number;
  error?: string;
  /** ms from sending to the answer read whole (acknowledged and refused requests) */
  ms?: number;
}

export type DrillRole = 'lead' | 'member' | 'sponsor';

export interface LoadContext {
  engagementId: string;
  /** Run tag inside every marker: `drill <tag> …`. */
  tag: string;
  /** Dates time may be logged on (inside the engagement, outside locked periods). */
  timeDates: string[];
  /** Due dates for commitments and dependencies (after the server's today). */
  dueDates: string[];
}

/** Seeded PRNG (mulberry32) of the project, in [0, 1). */
export type Rng = () => number;

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;

interface OwnItem {
  id: string;
  marker: string;
  visibility: 'shared' | 'internal';
  updates: number;
}

const WEIGHTS: Record<DrillRole, [WriteKind, number][]> = {
  lead: [
    ['note', 2],
    ['work_item', 2],
    ['item_update', 2],
    ['time_entry', 3],
    ['commitment', 1],
    ['raid', 2],
  ],
  member: [
    ['note', 2],
    ['work_item', 2],
    ['item_update', 2],
    ['time_entry', 3],
    ['commitment', 1],
    ['raid', 1],
  ],
  sponsor: [
    ['note', 3],
    ['commitment', 1],
    ['raid', 2],
  ],
};

function weighted(rng: Rng, table: [WriteKind, number][]): WriteKind {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let r = rng() * total;
  for (const [k, w] of table) {
    r -= w;
    if (r < 0) return k;
  }
  return table.at(-1)![0];
}

interface Request {
  method: 'POST' | 'PATCH';
  path: string;
  body: Record<string, unknown>;
}

/** One writer: a demo account's session, its own items (for updates and time), its count of requests. */
export class DrillClient {
  private n = 0;
  private readonly items: OwnItem[] = [];
  constructor(
    readonly name: string,
    readonly role: DrillRole,
    private readonly cookie: string,
    private readonly ctx: LoadContext,
    private readonly rng: Rng,
    private readonly ledger: Attempt[],
  ) {}

  /** How many writes make one of each kind this client sends. */
  get kindsCount(): number {
    return WEIGHTS[this.role].length;
  }

  private get provider() {
    return this.role !== 'sponsor';
  }

  private visibility(): 'shared' | 'internal' {
    return this.provider && this.rng() < 0.25 ? 'internal' : 'shared';
  }

  private next(): { attempt: Attempt; req: Request; created?: Omit<OwnItem, 'id' | 'updates'> } {
    this.n += 1;
    // each kind once first (so even a short run writes every kind), then drawn by weight
    const table = WEIGHTS[this.role];
    let kind = this.n <= table.length ? table[this.n - 1]![0] : weighted(this.rng, table);
    if (kind === 'item_update' && this.items.length === 0) kind = 'work_item';
    const marker = `drill ${this.ctx.tag} ${this.name}.${this.n}`;
    const base = `/api/v1/engagements/${this.ctx.engagementId}`;
    const attempt: Attempt = { kind, marker, client: this.name, round: 0, acked: false, id: null };
    const visibility = this.visibility();
    switch (kind) {
      case 'note':
        return { attempt, req: { method: 'POST', path: `${base}/notes`, body: { title: marker, body: `Written by the crash drill (${this.role}).`, visibility } } };
      case 'work_item':
        return {
          attempt,
          req: { method: 'POST', path: `${base}/items`, body: { title: marker, description: 'crash drill', visibility, estimate: { low: 1, likely: 2, high: 4 } } },
          created: { marker, visibility },
        };
      case 'item_update': {
        const item = pick(this.rng, this.items);
        item.updates += 1;
        attempt.marker = `${item.marker}~u${item.updates}`;
        attempt.id = item.id;
        const status = pick(this.rng, ['backlog', 'in_progress', 'blocked'] as const);
        return { attempt, req: { method: 'PATCH', path: `${base}/items/${item.id}`, body: { title: attempt.marker, status } } };
      }
      case 'time_entry': {
        const mine = this.items.filter((i) => i.visibility === visibility);
        const workItemId = mine.length > 0 && this.rng() < 0.5 ? pick(this.rng, mine).id : null;
        return {
          attempt,
          req: { method: 'POST', path: `${base}/time-entries`, body: { dateWorked: pick(this.rng, this.ctx.timeDates), minutes: 5, note: marker, visibility, workItemId, billable: this.rng() < 0.8 } },
        };
      }
      case 'commitment':
        return {
          attempt,
          req: {
            method: 'POST',
            path: `${base}/commitments`,
            body: { side: this.provider ? 'provider' : 'client', title: marker, dueDate: pick(this.rng, this.ctx.dueDates), visibility: this.provider ? visibility : 'shared' },
          },
        };
      case 'raid': {
        const type = pick(this.rng, ['risk', 'issue', 'assumption', 'dependency'] as const);
        const body: Record<string, unknown> = { type, title: marker, owner: 'Crash drill owner', visibility };
        if (type === 'risk') Object.assign(body, { probability: 1 + Math.floor(this.rng() * 5), impact: 1 + Math.floor(this.rng() * 5) });
        if (type === 'dependency') Object.assign(body, { neededFrom: 'client', neededBy: pick(this.rng, this.ctx.dueDates) });
        return { attempt, req: { method: 'POST', path: `${base}/raid`, body } };
      }
      default:
        throw new Error(`unknown write kind ${kind}`);
    }
  }

  /**
   * Sends writes one after another to `baseUrl` until a request fails without an HTTP answer (the
   * server is gone) or `shouldStop()` says so; `onAck` hears of each acknowledgement. Resolves with
   * the number of requests sent.
   */
  async runUntilDown(baseUrl: string, round: number, shouldStop: () => boolean, onAck?: () => void): Promise<number> {
    let sent = 0;
    while (!shouldStop()) {
      const { attempt, req, created } = this.next();
      attempt.round = round;
      this.ledger.push(attempt); // written down before it is sent
      sent += 1;
      const t0 = performance.now();
      let res: Response;
      try {
        res = await fetch(`${baseUrl}${req.path}`, {
          method: req.method,
          headers: { 'content-type': 'application/json', cookie: this.cookie },
          body: JSON.stringify(req.body),
          signal: AbortSignal.timeout(15_000),
        });
      } catch (err) {
        attempt.error = `no answer: ${(err as Error).cause ? String((err as Error & { cause: unknown }).cause) : (err as Error).message}`;
        return sent;
      }
      let text: string;
      try {
        text = await res.text();
      } catch (err) {
        attempt.error = `answer cut (status ${res.status}): ${(err as Error).message}`;
        return sent;
      }
      attempt.ms = Math.round(performance.now() - t0);
      if (res.status >= 200 && res.status < 300) {
        let id: unknown;
        try {
          id = (JSON.parse(text) as { id?: unknown }).id;
        } catch {
          id = undefined;
        }
        if (typeof id !== 'string') {
          attempt.error = `2xx without an id: ${text.slice(0, 200)}`;
          continue;
        }
        attempt.acked = true;
        attempt.id = id;
        onAck?.();
        if (created) this.items.push({ id, marker: created.marker, visibility: created.visibility, updates: 0 });
      } else {
        attempt.status = res.status;
        attempt.error = text.slice(0, 300);
      }
    }
    return sent;
  }
}

/** Signs a demo account in; returns its session cookie header. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`sign-in as ${email} failed: ${res.status} ${body}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('candor_session='));
  if (!cookie) throw new Error(`sign-in as ${email} set no session cookie`);
  return cookie.split(';')[0]!;
}

export async function getJson<T>(baseUrl: string, path: string, cookie: string): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, { headers: { cookie } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}
