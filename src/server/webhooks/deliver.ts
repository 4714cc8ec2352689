import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { refusedAddress } from '../../domain/webhooks/address';
import { RESPONSE_KEEP_BYTES } from '../../domain/webhooks/payload';
import { delayBefore, failedTooLong, outcomeOf, parseRetryAfter } from '../../domain/webhooks/schedule';
import { signatureHeader } from '../../domain/webhooks/signature';
import { audienceFor } from '../authz/access';
import { unscoped } from '../authz/scoped';
import type { WebhookAttemptsTable, WebhooksTable } from '../db/schema';
import type { Deps } from '../http/context';
import { newId } from '../ids';
import type { JobHandlers } from '../jobs/queue';
import { notify } from '../notify/notify';
import { ATTEMPT_JOB, scheduleAttempt } from './dispatch';

export const TIMEOUT_MS = 15_000;
const USER_AGENT = 'Candor-Webhooks/1 (+https://www.standardwebhooks.com)';

export interface SendResult {
  status: number | null;
  headers: Record<string, string | string[] | undefined>;
  body: string | null;
  error: string | null;
  durationMs: number;
}

/**
 * Resolves the URL's host once, refuses it when any address it resolves to is
 * loopback, private, link-local, CGNAT, metadata, unspecified or multicast
 * (unless the instance allows private addresses), and connects to the address
 * it checked — not to the name again — so a second DNS answer (rebinding)
 * cannot redirect the request. The Host header and TLS SNI keep the name, so
 * virtual hosts and certificates work as usual.
 */
export async function resolveTarget(url: URL, allowPrivate: boolean): Promise<{ address: string; family: number } | { refused: string }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch (err) {
      return { refused: `could not resolve ${host}: ${(err as NodeJS.ErrnoException).code ?? String(err)}` };
    }
  }
  if (addresses.length === 0) return { refused: `${host} has no address` };
  if (!allowPrivate) {
    for (const a of addresses) {
      const why = refusedAddress(a.address);
      if (why) return { refused: `refused: ${host} resolves to ${why} (${a.address}); set CANDOR_WEBHOOK_ALLOW_PRIVATE=1 only on closed networks` };
    }
  }
  return addresses[0]!;
}

/** One POST to the checked address: no redirects followed, a 15 s deadline for the whole exchange, the first 2 KB of the answer kept. */
export function postOnce(url: URL, target: { address: string; family: number }, headers: Record<string, string>, body: string, timeoutMs = TIMEOUT_MS): Promise<SendResult> {
  const started = performance.now();
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const secure = url.protocol === 'https:';
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: Omit<SendResult, 'durationMs'>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ ...r, durationMs: Math.round(performance.now() - started) });
    };
    const req = (secure ? https : http).request({
      host: target.address,
      family: target.family,
      port: url.port || (secure ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      agent: false,
      headers: { ...headers, host: url.host, 'content-length': String(Buffer.byteLength(body)) },
      ...(secure && !isIP(host) ? { servername: host } : {}),
    });
    const timer = setTimeout(() => {
      req.destroy(new Error(`timed out after ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    req.on('error', (err) => finish({ status: null, headers: {}, body: null, error: err.message }));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      const end = () => finish({ status: res.statusCode ?? null, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), error: null });
      res.on('data', (c: Buffer) => {
        if (kept < RESPONSE_KEEP_BYTES) {
          const part = c.subarray(0, RESPONSE_KEEP_BYTES - kept);
          chunks.push(part);
          kept += part.length;
        }
        if (kept >= RESPONSE_KEEP_BYTES) {
          end();
          res.destroy();
        }
      });
      res.on('end', end);
      res.on('error', end);
    });
    req.end(body);
  });
}

const iso = (d: Date) => d.toISOString();

/** The secrets to sign with now: the current one, and a rotated one while its 24 h last. */
export function signingSecrets(h: Pick<WebhooksTable, 'secret' | 'previous_secret' | 'previous_secret_expires_at'>, now: Date): string[] {
  const s = [h.secret];
  if (h.previous_secret && h.previous_secret_expires_at && Date.parse(h.previous_secret_expires_at) > now.getTime()) s.push(h.previous_secret);
  return s;
}

async function disable(deps: Deps, hook: WebhooksTable, reason: string) {
  const now = iso(deps.clock.now());
  await deps.db.transaction().execute(async (trx) => {
    const changed = await unscoped(trx, 'the delivery job disables its endpoint')
      .updateTable('webhooks')
      .set({ status: 'disabled', disabled_reason: reason, disabled_at: now, updated_at: now })
      .where('id', '=', hook.id)
      .where('status', '=', 'enabled')
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) === 0) return;
    await unscoped(trx, 'a disabled endpoint’s waiting attempts will not be sent')
      .updateTable('webhook_attempts')
      .set({ status: 'cancelled', error: `endpoint disabled: ${reason}` })
      .where('webhook_id', '=', hook.id)
      .where('status', '=', 'pending')
      .execute();
    // the lead hears of it (and the client side's sponsor who created it): a provider endpoint is internal news
    const leads = await unscoped(trx, 'who to tell that an endpoint was disabled')
      .selectFrom('memberships')
      .select('user_id')
      .where('engagement_id', '=', hook.engagement_id)
      .where('role', '=', 'lead')
      .execute();
    await notify(trx, deps, {
      engagementId: hook.engagement_id,
      visibility: hook.side === 'provider' ? 'internal' : 'shared',
      userIds: [...leads.map((l) => l.user_id), hook.created_by],
      kind: 'webhook.disabled',
      title: 'A webhook endpoint was disabled',
      body: `${new URL(hook.url).host}: ${reason}. Fix the receiver, then enable it again on the Webhooks page.`,
      link: `/engagements/${hook.engagement_id}/webhooks`,
    });
  });
}

/**
 * One attempt (ADR 0026). The job claim (FOR UPDATE SKIP LOCKED on
 * PostgreSQL, a 5-minute lease longer than the 15 s deadline) means one
 * process sends it; the attempt row then records what happened, so a repeated
 * job after the row was written sends nothing. A crash between sending and
 * writing may send it again: receivers deduplicate on webhook-id.
 */
export async function runAttempt(deps: Deps, attemptId: string): Promise<void> {
  const attempt = await unscoped(deps.db, 'the delivery job re-reads its attempt').selectFrom('webhook_attempts').selectAll().where('id', '=', attemptId).executeTakeFirst();
  if (attempt?.status !== 'pending') return;
  const hook = await unscoped(deps.db, 'the delivery job re-reads its endpoint').selectFrom('webhooks').selectAll().where('id', '=', attempt.webhook_id).executeTakeFirst();
  const message = await unscoped(deps.db, 'the delivery job re-reads its message').selectFrom('webhook_messages').selectAll().where('id', '=', attempt.message_id).executeTakeFirst();
  if (!hook || !message) return;
  const cancel = (error: string) => unscoped(deps.db, 'the delivery job cancels its attempt').updateTable('webhook_attempts').set({ status: 'cancelled', error }).where('id', '=', attempt.id).execute();
  if (hook.status !== 'enabled') return void (await cancel('endpoint disabled'));
  // the creator must still be a member with the role the payload was cut for, and still see it (the same rule as every notification)
  const audience = await audienceFor(deps.db, hook.engagement_id, message.visibility);
  if (!audience.some((a) => a.userId === hook.created_by && a.role === hook.created_role)) {
    return void (await cancel(`not sent: the endpoint's creator is no longer a ${hook.created_role} of this engagement`));
  }

  const now = deps.clock.now();
  const timestamp = Math.floor(now.getTime() / 1000);
  const shown: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    'webhook-id': message.id,
    'webhook-timestamp': String(timestamp),
  };
  const url = new URL(hook.url);
  const target = await resolveTarget(url, deps.config.webhookAllowPrivate);
  const result: SendResult =
    'refused' in target
      ? { status: null, headers: {}, body: null, error: target.refused, durationMs: 0 }
      : await postOnce(url, target, { ...shown, 'webhook-signature': signatureHeader(signingSecrets(hook, now), message.id, timestamp, message.body) }, message.body);
  await record(deps, hook, attempt, shown, result);
}

async function record(deps: Deps, hook: WebhooksTable, attempt: WebhookAttemptsTable, shown: Record<string, string>, r: SendResult) {
  const now = deps.clock.now();
  const retryHeader = r.headers['retry-after'];
  const retryAfterMs = parseRetryAfter(Array.isArray(retryHeader) ? retryHeader[0] : retryHeader, now);
  const outcome = outcomeOf(r.status, retryAfterMs);
  const automatic = attempt.trigger === 'event';
  let disableFor: string | null = null;
  await deps.db.transaction().execute(async (trx) => {
    const base = { started_at: iso(now), duration_ms: r.durationMs, request_headers: JSON.stringify(shown), response_status: r.status, response_body: r.body, error: r.error };
    const upd = (status: 'succeeded' | 'failed', next: string | null) =>
      unscoped(trx, 'the delivery job records its attempt').updateTable('webhook_attempts').set({ ...base, status, next_attempt_at: next }).where('id', '=', attempt.id).where('status', '=', 'pending').execute();
    const hookUpd = unscoped(trx, 'the delivery job records its endpoint’s health').updateTable('webhooks').where('id', '=', hook.id);
    if (outcome.kind === 'success') {
      await upd('succeeded', null);
      await hookUpd.set({ failing_since: null, last_success_at: iso(now) }).execute();
      return;
    }
    if (outcome.kind === 'gone') {
      await upd('failed', null);
      disableFor = 'the receiver answered 410 Gone';
      return;
    }
    const failingSince = hook.failing_since ?? iso(now);
    if (automatic && !hook.failing_since) await hookUpd.set({ failing_since: failingSince }).execute();
    if (automatic && failedTooLong(failingSince, now)) {
      await upd('failed', null);
      disableFor = 'every delivery failed for 5 days';
      return;
    }
    const delay = automatic ? delayBefore(attempt.attempt + 1, Math.random(), outcome.retryAfterMs) : null;
    if (delay === null) {
      await upd('failed', null);
      return;
    }
    const at = new Date(now.getTime() + delay);
    await upd('failed', iso(at));
    const id = newId();
    await trx
      .insertInto('webhook_attempts')
      .values({ id, message_id: attempt.message_id, webhook_id: hook.id, attempt: attempt.attempt + 1, trigger: attempt.trigger, status: 'pending', scheduled_at: iso(at), started_at: null, duration_ms: null, request_url: hook.url, request_headers: null, response_status: null, response_body: null, error: null, next_attempt_at: null, created_at: iso(now) })
      .execute();
    await scheduleAttempt(trx, deps, id, at);
  });
  if (disableFor) await disable(deps, hook, disableFor);
}

export const webhookJobs: JobHandlers = {
  [ATTEMPT_JOB]: async (deps, payload) => runAttempt(deps, String(payload.attemptId)),
};
