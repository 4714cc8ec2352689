import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { refusedAddress } from './address';
import { EVENT_TYPES, groupOf, subscribes, unknownEvents } from './events';
import { eventBody, MAX_BODY_BYTES, MAX_TITLE, serialize } from './payload';
import { DISABLE_AFTER_MS, delayBefore, failedTooLong, MAX_ATTEMPTS, outcomeOf, parseRetryAfter, RETRY_DELAYS_MS } from './schedule';
import { formatSecret, sign, signatureHeader } from './signature';
import { urlProblem } from './url';

describe('webhook event types', () => {
  it('groups audit actions by their first segment and matches subscriptions', () => {
    expect(groupOf('commitment.kept')).toBe('commitment');
    expect(subscribes(['commitment.*'], 'commitment.kept')).toBe(true);
    expect(subscribes(['commitment.*'], 'decision.decided')).toBe(false);
    expect(subscribes(['*'], 'decision.decided')).toBe(true);
    // webhooks' own changes and instance actions are never events
    expect(subscribes(['*'], 'webhook.created')).toBe(false);
    expect(subscribes(['*'], 'user.created')).toBe(false);
    expect(unknownEvents(['commitment.*', 'commitment.kept', 'nope.*'])).toEqual(['commitment.kept', 'nope.*']);
    expect(EVENT_TYPES).toContain('risk.*');
  });
});

describe('webhook retry schedule', () => {
  it('follows immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h with ±10 % jitter, then stops', () => {
    expect(MAX_ATTEMPTS).toBe(8);
    expect(RETRY_DELAYS_MS).toEqual([0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(delayBefore(2, 0.5)).toBe(5_000);
    expect(delayBefore(2, 0)).toBe(4_500);
    expect(delayBefore(2, 0.999999)).toBe(5_500);
    expect(delayBefore(8, 0.5)).toBe(36_000_000);
    expect(delayBefore(9, 0.5)).toBeNull();
    expect(delayBefore(1, 0.5)).toBeNull();
  });
  it('honours Retry-After when it asks for longer, capped at a day', () => {
    const now = new Date('2026-11-02T09:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Mon, 02 Nov 2026 09:10:00 GMT', now)).toBe(600_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(delayBefore(2, 0.5, 120_000)).toBe(120_000);
    expect(delayBefore(5, 0.5, 1_000)).toBe(7_200_000);
    expect(delayBefore(2, 0.5, 10 * 86_400_000)).toBe(86_400_000);
  });
  it('reads outcomes: 2xx success, 410 gone, anything else (or nothing) a failure', () => {
    expect(outcomeOf(204, null).kind).toBe('success');
    expect(outcomeOf(410, null).kind).toBe('gone');
    expect(outcomeOf(302, null).kind).toBe('failure');
    expect(outcomeOf(null, null).kind).toBe('failure');
    const now = new Date('2026-11-07T09:00:00Z');
    expect(failedTooLong(new Date(now.getTime() - DISABLE_AFTER_MS).toISOString(), now)).toBe(true);
    expect(failedTooLong(new Date(now.getTime() - DISABLE_AFTER_MS + 1).toISOString(), now)).toBe(false);
    expect(failedTooLong(null, now)).toBe(false);
  });
});

describe('webhook addresses', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['fd12:3456::1', 'unique-local'],
    ['169.254.10.10', 'link-local'],
    ['fe80::1', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    // IPv4-compatible (::a.b.c.d, deprecated): the form new URL() gives [::127.0.0.1]; judged as its IPv4 address
    ['::7f00:1', 'loopback'],
    ['::a00:1', 'private'],
    ['::a9fe:a9fe', 'metadata'],
  ])('refuses %s (%s)', (ip, why) => {
    expect(refusedAddress(ip)).toContain(why);
  });
  it.each(['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c', '8.8.8.8'])('allows public %s', (ip) => {
    expect(refusedAddress(ip)).toBeNull();
  });
});

describe('webhook URLs', () => {
  it('takes https and http, refuses other schemes, credentials and fragments', () => {
    expect(urlProblem('https://example.com/hook')).toBeNull();
    expect(urlProblem('http://example.com:8080/hook?x=1')).toBeNull();
    expect(urlProblem('ftp://example.com/x')).toContain('Only https or http');
    expect(urlProblem('https://user:pw@example.com/x')).toContain('No user name or password');
    expect(urlProblem('https://example.com/x#frag')).toContain('fragment');
    expect(urlProblem('not a url')).toContain('Not a URL');
    expect(urlProblem(`https://example.com/${'a'.repeat(2100)}`)).toContain('At most');
  });
});

describe('webhook signing (Standard Webhooks)', () => {
  afterEach(() => vi.useRealTimers());
  it('is verified by the official standardwebhooks package, with either secret while a rotation lasts', () => {
    const secret = formatSecret(Buffer.alloc(32, 7));
    const old = formatSecret(Buffer.alloc(24, 9));
    const ts = Math.floor(Date.parse('2026-11-02T09:00:00Z') / 1000);
    const body = JSON.stringify({ type: 'x.y', data: { a: 1 } });
    vi.useFakeTimers({ toFake: ['Date'], now: ts * 1000 });
    const header = signatureHeader([secret, old], 'msg_1', ts, body);
    expect(header.split(' ')).toHaveLength(2);
    const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(ts), 'webhook-signature': header };
    expect(new Webhook(secret).verify(body, headers)).toEqual({ type: 'x.y', data: { a: 1 } });
    expect(new Webhook(old).verify(body, headers)).toEqual({ type: 'x.y', data: { a: 1 } });
    expect(() => new Webhook(formatSecret(Buffer.alloc(32, 1))).verify(body, headers)).toThrow();
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow();
    expect(sign(secret, 'msg_1', ts, body)).toBe(new Webhook(secret).sign('msg_1', new Date(ts * 1000), body));
  });
});

describe('webhook payloads', () => {
  it('name the object by id, title and link only, titles clipped, bodies capped', () => {
    const b = eventBody({ action: 'note.created', at: '2026-11-02T09:00:00Z', engagementId: 'e1', object: { type: 'note', id: 'n1' }, title: 'x'.repeat(1000), link: 'http://c/e' });
    expect(b.data.object.title!.length).toBe(MAX_TITLE);
    expect(Object.keys(b.data.object).sort()).toEqual(['id', 'link', 'title', 'type']);
    expect(serialize(b)).not.toBeNull();
    expect(serialize({ big: 'x'.repeat(MAX_BODY_BYTES) })).toBeNull();
  });
});
