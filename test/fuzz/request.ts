import fc from 'fast-check';
import { type Operation, pathParamNames } from './openapi';
import { fuzzValue, hostileValue, nastyString, validValue, type ValueOptions } from './schema';

/**
 * One operation → an arbitrary of concrete HTTP requests: path ids from the world's pools (this
 * engagement's, another engagement's, unknown, hostile), query strings from the parameter schemas (or
 * broken), a body from the request schema (valid, mutated, any JSON, deeply nested, malformed text,
 * duplicated keys, invalid UTF-8), a content type (right, wrong, missing) and an auth variant.
 */

export interface FuzzRequest {
  op: string;
  method: Operation['method'];
  url: string;
  /** the auth variant's name; the world turns it into headers when the request is sent */
  auth: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** ids put in the path, with the pool they came from */
  pathIds: { id: string; pool: string }[];
  /** what this request does to the operation (for the report and the counterexample) */
  tags: string[];
}

/** Where a parameter's ids come from: named pools of ids the world knows. */
export interface IdSource {
  pools(op: Operation, param: string): { name: string; ids: string[] }[];
  /** ids for body/query fields whose name ends in Id or Ids */
  fieldIds(name: string): string[];
}

export interface RequestOptions {
  auths: { name: string; weight: number }[];
  ids: IdSource;
  /** query parameters always set for an operation (e.g. a stream's "send what is there and close") */
  fixedQuery?: Record<string, Record<string, string>>;
}

const BAD_ESCAPES = ['%', '%zz', '%ED%A0%80', '%C3%28', '%00', '%FF%FE', '..%2F..%2F', '%E2%80%AE'];

/** Percent-encodes UTF-8 (lone surrogates become U+FFFD, as a browser would send them). */
export function pctEncode(s: string): string {
  return [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

/** Serializes JSON, writing some keys twice (a hostile value first or last) as a raw body can. */
export function jsonWithDuplicates(value: unknown, pick: number[], dupValue: unknown): string {
  let n = 0;
  const ser = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(ser).join(',')}]`;
    if (v && typeof v === 'object') {
      const parts: string[] = [];
      for (const [k, x] of Object.entries(v)) {
        const i = n++;
        const kv = `${JSON.stringify(k)}:${ser(x)}`;
        if (pick.includes(i % 7)) {
          const dup = `${JSON.stringify(k)}:${JSON.stringify(dupValue) ?? 'null'}`;
          parts.push(...(i % 2 ? [kv, dup] : [dup, kv]));
        } else parts.push(kv);
      }
      return `{${parts.join(',')}}`;
    }
    return JSON.stringify(v) ?? 'null';
  };
  return ser(value);
}

const CONTENT_TYPES = [
  { weight: 12, arbitrary: fc.constant('application/json') },
  { weight: 1, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'APPLICATION/JSON', 'application/json; charset=latin1', 'application/json;charset=utf-16') },
  { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', '*/*', 'application/merge-patch+json', '') },
  { weight: 1, arbitrary: fc.constant(null) },
];

type Body = { text: string | Buffer | undefined; tag: string };

function bodyArb(op: Operation, vo: ValueOptions): fc.Arbitrary<Body> {
  const schema = op.body ?? {};
  const json = (tag: string, a: fc.Arbitrary<unknown>): fc.Arbitrary<Body> => a.map((v) => ({ text: JSON.stringify(v) ?? 'null', tag }));
  const valid = validValue(schema, '', vo);
  return fc.oneof(
    { weight: op.body ? 6 : 1, arbitrary: json('body:valid', valid) },
    { weight: op.body ? 8 : 1, arbitrary: json('body:mutated', fuzzValue(schema, '', vo)) },
    { weight: 2, arbitrary: json('body:hostile', hostileValue(schema, '', vo)) },
    { weight: 1, arbitrary: json('body:any-json', fc.jsonValue({ maxDepth: 3 })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(1_000, 10_000, 100_000), fc.constantFrom('array' as const, 'object' as const))
        .map(([d, k]) => ({ text: k === 'array' ? `${'['.repeat(d)}1${']'.repeat(d)}` : `${'{"a":'.repeat(d)}1${'}'.repeat(d)}`, tag: `body:deep-${k}-${d}` })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(valid, fc.subarray([0, 1, 2, 3, 4, 5, 6], { minLength: 1 }), hostileValue({}, ''))
        .map(([v, pick, dup]) => ({ text: jsonWithDuplicates(v, pick, dup), tag: 'body:duplicate-keys' })),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(valid, fc.integer({ min: 0, max: 9 })).map(([v, k]): Body => {
        const t = JSON.stringify(v) ?? 'null';
        const variants: (string | Buffer)[] = [
          t.slice(0, Math.max(1, Math.floor(t.length / 2))),
          `${t},`,
          `\uFEFF${t}`,
          t.replaceAll('"', "'"),
          `${t}${t}`,
          '',
          '{"a":NaN,"b":Infinity}',
          Buffer.concat([Buffer.from('{"title":"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]), Buffer.from('"}')]),
          `{"a":1e999999,"b":-1e999999,"c":123456789012345678901234567890}`,
          `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`,
        ];
        return { text: variants[k], tag: `body:malformed-${k}` };
      }),
    },
    { weight: 1, arbitrary: fc.constant({ text: undefined, tag: 'body:none' }) },
    { weight: 1, arbitrary: fc.constant({ text: `{"x":"${'x'.repeat(1_100_000)}"}`, tag: 'body:oversize' }) },
  );
}

function queryValueArb(schema: Operation['params'][number]['schema'], name: string, vo: ValueOptions): fc.Arbitrary<string[]> {
  const asText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v) ?? '');
  return fc.oneof(
    { weight: 6, arbitrary: validValue(schema, name, vo).map((v) => [pctEncode(asText(v))]) },
    { weight: 2, arbitrary: hostileValue(schema, name, vo).map((v) => [pctEncode(asText(v))]) },
    { weight: 1, arbitrary: fc.tuple(validValue(schema, name, vo), hostileValue(schema, name, vo)).map(([a, b]) => [pctEncode(asText(a)), pctEncode(asText(b))]) },
    { weight: 1, arbitrary: fc.constantFrom(...BAD_ESCAPES).map((e) => [e]) },
  );
}

function pathValueArb(op: Operation, param: string, ids: IdSource): fc.Arbitrary<{ text: string; id?: string; pool: string }> {
  const pools = ids.pools(op, param).filter((p) => p.ids.length > 0);
  const fromPools = pools.map((p) => ({
    weight: p.name === 'this' ? 10 : p.name === 'this-any' ? 2 : 3,
    arbitrary: fc.constantFrom(...p.ids).map((id) => ({ text: pctEncode(id), id, pool: p.name })),
  }));
  return fc.oneof(
    ...fromPools,
    { weight: 1, arbitrary: fc.uuid({ version: 7 }).map((id) => ({ text: id, pool: 'unknown' })) },
    { weight: 1, arbitrary: nastyString.map((s) => ({ text: pctEncode(s.slice(0, 80)) || '%20', pool: 'hostile' })) },
    { weight: 1, arbitrary: fc.constantFrom(...BAD_ESCAPES, 'a'.repeat(300), '.', '..', '%2F', '0', '-1', 'null').map((t) => ({ text: t, pool: 'hostile' })) },
  );
}

/** Requests for one operation. */
export function requestArb(op: Operation, o: RequestOptions): fc.Arbitrary<FuzzRequest> {
  const vo: ValueOptions = {
    idFor: (name) => {
      const ids = o.ids.fieldIds(name);
      if (ids.length === 0) return null;
      return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: fc.uuid({ version: 7 }) }, { weight: 1, arbitrary: nastyString });
    },
  };
  const pathNames = pathParamNames(op.path);
  const queryParams = op.params.filter((p) => p.in === 'query');
  const fixed = o.fixedQuery?.[op.key] ?? {};
  const path = fc.tuple(...pathNames.map((n) => pathValueArb(op, n, o.ids)));
  const query = fc.record(
    Object.fromEntries(queryParams.filter((p) => !(p.name in fixed)).map((p) => [p.name, queryValueArb(p.schema, p.name, vo)])),
    { requiredKeys: [] },
  );
  const extraQuery = fc.option(fc.tuple(fc.constantFrom('unknown', '__proto__', 'limit', 'constructor'), nastyString), { freq: 8 });
  const auth = fc.oneof(...o.auths.map((a) => ({ weight: a.weight, arbitrary: fc.constant(a.name) })));
  const headers = fc.record(
    {
      'content-type': fc.oneof(...CONTENT_TYPES),
      origin: fc.option(fc.constantFrom('https://evil.example', 'null', 'http://candor.test', 'not a url'), { freq: 10 }),
      'last-event-id': fc.option(nastyString, { freq: 15 }),
    },
    { requiredKeys: ['content-type'] },
  );
  const sendsBody = op.method !== 'GET' && op.method !== 'DELETE';
  const body = sendsBody ? bodyArb(op, vo) : fc.oneof({ weight: 9, arbitrary: fc.constant<Body>({ text: undefined, tag: 'body:none' }) }, { weight: 1, arbitrary: bodyArb(op, vo) });
  return fc.record({ path, query, extraQuery, auth, headers, body }).map(({ path: pv, query: q, extraQuery: xq, auth: a, headers: h, body: b }) => {
    let url = op.path;
    pathNames.forEach((n, i) => {
      url = url.replace(`{${n}}`, pv[i]!.text);
    });
    const pairs: string[] = [];
    for (const [k, v] of Object.entries(fixed)) pairs.push(`${k}=${pctEncode(v)}`);
    for (const [k, vs] of Object.entries(q)) for (const v of vs as string[]) pairs.push(`${k}=${v}`);
    if (xq) pairs.push(`${pctEncode(xq[0])}=${pctEncode(xq[1])}`);
    if (pairs.length) url += `?${pairs.join('&')}`;
    const hs: Record<string, string> = {};
    if (b.text !== undefined && h['content-type'] !== null) hs['content-type'] = h['content-type'];
    if (h.origin) hs.origin = h.origin;
    if (h['last-event-id']) hs['last-event-id'] = h['last-event-id'].replace(/[^\x20-\x7e]/g, '?');
    const tags = [b.tag, `auth:${a}`, ...pv.map((p, i) => `${pathNames[i]}:${p.pool}`)];
    if (b.text !== undefined && h['content-type'] !== 'application/json') tags.push(`content-type:${h['content-type'] ?? 'none'}`);
    if (h.origin) tags.push(`origin:${h.origin}`);
    return {
      op: op.key,
      method: op.method,
      url,
      auth: a,
      headers: hs,
      payload: b.text,
      pathIds: pv.filter((p) => p.id).map((p) => ({ id: p.id!, pool: p.pool })),
      tags,
    };
  });
}

/** A short form of a request for messages (the body cut to 300 characters). */
export function describeRequest(r: FuzzRequest): string {
  const body = r.payload === undefined ? '' : typeof r.payload === 'string' ? r.payload : `<${r.payload.length} bytes: ${r.payload.toString('latin1')}>`;
  const cut = body.length > 300 ? `${body.slice(0, 300)}… (${body.length} chars)` : body;
  return `${r.method} ${r.url.length > 300 ? `${r.url.slice(0, 300)}…` : r.url} as ${r.auth} ${JSON.stringify(r.headers)} ${JSON.stringify(cut)}`;
}
