/**
 * A webhook message's body (ADR 0026): the Standard Webhooks shape
 * `{type, timestamp, data}`, naming the object by id and title with a link and
 * nothing more. Everything in it comes from an audit record the endpoint's
 * creator may read, as the activity view shows it to them. Pure.
 */
export const MAX_BODY_BYTES = 16 * 1024;
export const MAX_TITLE = 300;
export const RESPONSE_KEEP_BYTES = 2048;

export interface EventBody {
  type: string;
  timestamp: string;
  data: {
    engagementId: string;
    action: string;
    object: { type: string; id: string; title: string | null; link: string | null };
  };
}

const clip = (s: string | null, n: number) => (s && s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function eventBody(e: { action: string; at: string; engagementId: string; object: { type: string; id: string }; title: string | null; link: string | null }): EventBody {
  return {
    type: e.action,
    timestamp: e.at,
    data: { engagementId: e.engagementId, action: e.action, object: { type: e.object.type, id: e.object.id, title: clip(e.title, MAX_TITLE), link: e.link } },
  };
}

export function testBody(e: { at: string; engagementId: string; webhookId: string }) {
  return { type: 'webhook.test', timestamp: e.at, data: { engagementId: e.engagementId, webhookId: e.webhookId, message: 'A test event from Candor' } };
}

/** The serialized body, refused (null) above the cap: the title is clipped, so only a bug gets here. */
export function serialize(body: object): string | null {
  const s = JSON.stringify(body);
  return Buffer.byteLength(s) > MAX_BODY_BYTES ? null : s;
}
