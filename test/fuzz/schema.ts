import fc from 'fast-check';
import type { JsonSchema } from './openapi';

/**
 * JSON Schema (as the OpenAPI document has it) → fast-check arbitraries:
 * `validValue` draws values the schema accepts; `fuzzValue` draws mostly-valid values in which any node
 * may be replaced by a hostile one (a wrong type, a value just past a bound, a huge or malformed string,
 * deep nesting, an unknown or missing key). Nothing here knows Candor's domain.
 */

/** Strings that break naive code: lone surrogates, NUL, bidi and zero-width marks, BOM, escapes, injections. */
export const NASTY_STRINGS = [
  '\uD800',
  '\uDFFF',
  'a\uD83Dz',
  '\u0000',
  'nul\u0000inside',
  '\u202Eevil\u202C',
  '\u200F\u200E\u2066x\u2069',
  '\u200B\u200C\u200D\u2060',
  '\uFEFFbom',
  '\uFFFE\uFFFF',
  '\u{10FFFF}',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  'e\u0301\u0301\u0301\u0301\u0301',
  '\r\n\r\nX-Injected: 1',
  "' OR '1'='1' --",
  '"; DROP TABLE users; --',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '%00%2e%2e%2f',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, sent as it is
  '${7*7}{{7*7}}',
  '__proto__',
  'constructor',
  'null',
  'NaN',
  '-0',
  '1e400',
  ' ',
  '\t\n\v\f\r',
  '=cmd|"/c calc"!A1',
];

const hugeString = fc.constantFrom(100, 1_000, 70_000).chain((n) => fc.constantFrom('x', 'é', '😀', '\u0000', '\uD800').map((c) => c.repeat(n)));

/** A string from the nasty list, or a random one with nasty characters mixed in. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.array(fc.constantFrom(...NASTY_STRINGS, 'a', 'b', ' '), { maxLength: 6 }).map((a) => a.join('')) },
  { weight: 1, arbitrary: hugeString },
);

const anyJson = fc.jsonValue({ maxDepth: 2 });

/** A JSON value nested `depth` levels deep (arrays or objects). */
export function deepJson(depth: number, kind: 'array' | 'object'): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = kind === 'array' ? [v] : { a: v };
  return v;
}
const deepValue = fc.tuple(fc.constantFrom(50, 500, 1_000), fc.constantFrom('array' as const, 'object' as const)).map(([d, k]) => deepJson(d, k));

function types(s: JsonSchema): string[] {
  if (Array.isArray(s.type)) return s.type;
  if (s.type) return [s.type];
  if (s.properties) return ['object'];
  return [];
}

function regexOf(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern);
  } catch {
    return null;
  }
}

export interface ValueOptions {
  /** Values for string properties that hold ids (the property name ends in Id/Ids): the world's id pool. */
  idFor?: (name: string) => fc.Arbitrary<string> | null;
}

function stringArb(s: JsonSchema, name: string, o: ValueOptions): fc.Arbitrary<string> {
  if (s.enum) return fc.constantFrom(...(s.enum as string[]));
  const ids = /(?:Id|Ids|_id)$/.test(name) ? o.idFor?.(name) : null;
  if (ids) return ids;
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? 40, Math.max(min, 40));
  if (s.format === 'email') return fc.emailAddress();
  if (s.format === 'uri') return fc.webUrl();
  if (s.format === 'byte') return fc.base64String({ maxLength: 40 });
  if (s.pattern) {
    const re = regexOf(s.pattern);
    if (re) return fc.stringMatching(re).filter((x) => x.length >= min && x.length <= (s.maxLength ?? Number.POSITIVE_INFINITY));
  }
  if (/date|at$|At$|from|to|since|before/i.test(name) && !s.pattern) {
    // free-text dates: ISO strings usually, anything sometimes
    return fc.oneof(
      fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString()),
      fc.string({ minLength: min, maxLength: max }),
    );
  }
  return fc.string({ minLength: min, maxLength: max });
}

function numberArb(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const lo = s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (integer ? 1 : 1e-6) : (s.minimum ?? -1e6);
  const hi = s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - (integer ? 1 : 1e-6) : (s.maximum ?? 1e6);
  const min = Math.max(lo, -1e9);
  const max = Math.min(hi, 1e9);
  if (integer) return fc.integer({ min: Math.ceil(min), max: Math.floor(Math.max(min, max)) });
  return fc.double({ min, max: Math.max(min, max), noNaN: true, noDefaultInfinity: true });
}

/** Values the schema accepts (as far as JSON Schema can say: ids and cross-field rules are the server's). */
export function validValue(s: JsonSchema, name = '', o: ValueOptions = {}, depth = 0): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return fc.oneof(...alts.map((a) => validValue(a, name, o, depth)));
  if (s.allOf?.length) return validValue(Object.assign({}, ...s.allOf), name, o, depth);
  const ts = types(s);
  if (ts.length === 0) return depth > 3 ? fc.constant(null) : anyJson;
  if (ts.length > 1) return fc.oneof(...ts.map((t) => validValue({ ...s, type: t }, name, o, depth)));
  switch (ts[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return numberArb(s, true);
    case 'number':
      return numberArb(s, false);
    case 'string':
      return stringArb(s, name, o);
    case 'array': {
      const item = s.items ? validValue(s.items, name, o, depth + 1) : anyJson;
      const min = s.minItems ?? 0;
      return fc.array(item, { minLength: min, maxLength: Math.min(s.maxItems ?? 4, Math.max(min, depth > 1 ? 1 : 4)) });
    }
    case 'object': {
      const props = s.properties ?? {};
      const required = new Set(s.required ?? []);
      if (Object.keys(props).length === 0 && s.additionalProperties && typeof s.additionalProperties === 'object') {
        const key = s.propertyNames ? (validValue(s.propertyNames, name, o, depth) as fc.Arbitrary<string>) : fc.string({ maxLength: 10 });
        return fc.dictionary(key, validValue(s.additionalProperties, name, o, depth + 1), { maxKeys: 3 });
      }
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) model[k] = validValue(v, k, o, depth + 1);
      return fc.record(model, { requiredKeys: [...required].filter((k) => k in props) });
    }
    default:
      return anyJson;
  }
}

/** Values just past the schema's bounds, of the wrong type, or hostile for its type. */
export function hostileValue(s: JsonSchema, name = '', o: ValueOptions = {}): fc.Arbitrary<unknown> {
  const ts = types(s.anyOf?.[0] ?? s.oneOf?.[0] ?? s);
  const out: fc.Arbitrary<unknown>[] = [
    // wrong types
    fc.constantFrom(null, true, false, 0, -1, 1.5, '', '0', 'true', [], {}, [null], { '': null }, Number.MAX_SAFE_INTEGER + 2, -0, 1e308),
    nastyString,
    deepValue,
  ];
  if (ts.includes('string')) {
    const min = s.minLength ?? 0;
    const max = s.maxLength;
    const bounds: number[] = [];
    if (min > 0) bounds.push(min - 1);
    if (max !== undefined) bounds.push(max, max + 1);
    if (bounds.length) out.push(fc.tuple(fc.constantFrom(...bounds), fc.constantFrom('x', 'é', '😀', '\u0000')).map(([n, c]) => c.repeat(n)));
    if (s.enum) out.push(fc.constantFrom(...(s.enum as string[]).map((e) => `${String(e).toUpperCase()} `), 'other'));
    if (s.pattern?.includes('\\d{4}-\\d{2}-\\d{2}')) out.push(fc.constantFrom('2026-02-30', '2026-13-01', '0000-00-00', '9999-12-31', '2026-1-1', '2026-02-29'));
    if (/Id$|Ids$/.test(name)) out.push(fc.uuid({ version: 7 }));
  }
  if (ts.includes('integer') || ts.includes('number')) {
    const b: number[] = [1e21, -1e21, 0.5, Number.MIN_VALUE, 2 ** 31, -(2 ** 31) - 1, 2 ** 53];
    if (s.minimum !== undefined) b.push(s.minimum - 1, s.minimum - 0.5);
    if (s.maximum !== undefined) b.push(s.maximum + 1, s.maximum + 0.5);
    if (s.exclusiveMinimum !== undefined) b.push(s.exclusiveMinimum);
    out.push(fc.constantFrom(...b));
  }
  if (ts.includes('array')) {
    const item = s.items ? validValue(s.items, name, o, 2) : anyJson;
    out.push(fc.array(item, { minLength: (s.maxItems ?? 200) + 1, maxLength: (s.maxItems ?? 200) + 1 }));
    if ((s.minItems ?? 0) > 0) out.push(fc.constant([]));
    out.push(fc.array(hostileValue(s.items ?? {}, name, o), { minLength: 1, maxLength: 3 }));
  }
  if (ts.includes('object')) {
    const base = validValue(s, name, o, 2) as fc.Arbitrary<Record<string, unknown>>;
    const keys = Object.keys(s.properties ?? {});
    // an unknown key (some that poison naive merges), or a required key missing
    out.push(fc.tuple(base, fc.constantFrom('__proto__', 'constructor', 'isAdmin', 'engagementId', 'id', '', '\u0000', '\uD800'), anyJson).map(([b, k, v]) => ({ ...b, [k]: v })));
    if (keys.length) out.push(fc.tuple(base, fc.constantFrom(...keys)).map(([b, k]) => Object.fromEntries(Object.entries(b).filter(([x]) => x !== k))));
  }
  return fc.oneof(...out);
}

/**
 * A value in which each node is, with probability about 1/`rarity`, hostile instead of valid
 * (so a request is usually valid but for one or two fields, and reaches the use case).
 */
export function fuzzValue(s: JsonSchema, name = '', o: ValueOptions = {}, rarity = 8, depth = 0): fc.Arbitrary<unknown> {
  const alts = s.anyOf ?? s.oneOf;
  let inner: fc.Arbitrary<unknown>;
  const ts = types(s);
  if (!alts && ts.length === 1 && ts[0] === 'object' && s.properties && depth < 4) {
    const required = new Set(s.required ?? []);
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [k, v] of Object.entries(s.properties)) model[k] = fuzzValue(v, k, o, rarity, depth + 1);
    inner = fc.record(model, { requiredKeys: [...required].filter((k) => k in (s.properties ?? {})) });
  } else if (!alts && ts.length === 1 && ts[0] === 'array' && s.items && depth < 4) {
    inner = fc.array(fuzzValue(s.items, name, o, rarity, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 3, 3) });
  } else {
    inner = validValue(s, name, o, depth);
  }
  return fc.oneof({ weight: rarity, arbitrary: inner }, { weight: 1, arbitrary: hostileValue(s, name, o) });
}
