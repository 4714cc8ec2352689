import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import type { JsonSchema, Operation } from './openapi';
import type { FuzzRequest } from './request';

/**
 * What every answer must be, whatever was sent: below 500; a 4xx is exactly
 * `{"error":{"code","message","details"}}` with no stack trace; a 2xx is a documented status, of the
 * documented content type, and (for JSON) matches the documented schema; without a valid identity a
 * secured operation never answers 2xx; a cookie-authenticated write from another origin never does;
 * an id of an engagement the caller is not a member of never leads to a 2xx; nothing the caller may not
 * see is in a 2xx body; a refused request wrote nothing.
 */

export interface Answer {
  status: number;
  contentType: string;
  body: string;
}

/** What the world knows of an auth variant. */
export interface AuthKind {
  /** a real, valid identity (a session of an existing user) */
  identity: boolean;
  /** authenticated by the session cookie (so the cross-origin rule applies) */
  cookie: boolean;
  /** instance admin */
  admin: boolean;
  /** engagements this identity is a member of */
  memberOf: Set<string>;
  /** strings that must never appear in a 2xx answer to this identity */
  secrets: string[];
}

export interface OracleWorld {
  auth(name: string): AuthKind;
  /** the engagement that owns a row with this id, if any */
  ownerOf(id: string): string | undefined;
  /** true when an Origin header names another site */
  crossOrigin(origin: string): boolean;
  /** operations whose 2xx says nothing about the ids in their path (the same answer for any id), so the isolation rule does not apply */
  idBlind?(op: string): boolean;
}

const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: false });
const compiled = new Map<string, ValidateFunction>();
function validatorFor(key: string, schema: JsonSchema): ValidateFunction {
  let v = compiled.get(key);
  if (!v) {
    v = ajv.compile(schema as object);
    compiled.set(key, v);
  }
  return v;
}

const STACK = /\bat [^\n]*\.(?:ts|js|mjs):\d+|FST_ERR|node_modules|SqliteError|error: duplicate key|syntax error at/;
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Problems with the error body; [] when it is exactly Candor's shape. */
export function errorShapeProblems(a: Answer): string[] {
  const p: string[] = [];
  if (!a.contentType.startsWith('application/json')) p.push(`error answer has content-type ${JSON.stringify(a.contentType)}`);
  let j: unknown;
  try {
    j = JSON.parse(a.body);
  } catch {
    return [...p, `error body is not JSON: ${a.body.slice(0, 200)}`];
  }
  const top = j && typeof j === 'object' && !Array.isArray(j) ? Object.keys(j) : null;
  if (top?.length !== 1 || top[0] !== 'error') return [...p, `error body is not {"error":…}: ${a.body.slice(0, 200)}`];
  const e = (j as { error: Record<string, unknown> }).error;
  if (!e || typeof e !== 'object' || Array.isArray(e)) return [...p, 'error is not an object'];
  const keys = Object.keys(e).sort();
  if (keys.join(',') !== 'code,details,message') p.push(`error has keys [${keys.join(',')}], not exactly code, message, details`);
  if (typeof e.code !== 'string' || e.code === '') p.push('error.code is not a non-empty string');
  if (typeof e.message !== 'string' || e.message === '') p.push('error.message is not a non-empty string');
  if (e.details !== undefined) {
    const ok = Array.isArray(e.details) && e.details.every((d) => d && typeof d === 'object' && typeof d.field === 'string' && typeof d.message === 'string');
    if (!ok) p.push('error.details is not a list of {field, message}');
  }
  if (STACK.test(a.body)) p.push(`error body shows internals: ${a.body.slice(0, 200)}`);
  return p;
}

/** Problems with a 2xx answer against the operation's documented responses. */
export function successProblems(op: Operation, a: Answer): string[] {
  const documented = op.responses[String(a.status)];
  if (!documented) return [`${a.status} is not a documented answer of ${op.key} (documented: ${Object.keys(op.responses).join(', ')})`];
  const types = Object.keys(documented);
  if (types.length === 0) return a.body === '' ? [] : [`${a.status} documents no body but one came`];
  const type = types.find((t) => a.contentType.startsWith(t));
  if (!type) return [`content-type ${JSON.stringify(a.contentType)} is not one of the documented ${types.join(', ')}`];
  if (type !== 'application/json') return [];
  let j: unknown;
  try {
    j = JSON.parse(a.body);
  } catch {
    return [`2xx body is not JSON: ${a.body.slice(0, 200)}`];
  }
  const schema = documented[type];
  if (!schema) return [];
  const v = validatorFor(`${op.key} ${a.status}`, schema);
  if (v(j)) return [];
  return [`2xx body does not match the documented schema: ${ajv.errorsText(v.errors, { separator: '; ' }).slice(0, 400)}`];
}

/** Every problem with one answer (the no-write check is the engine's: it needs the state before and after). */
export function answerProblems(op: Operation, req: FuzzRequest, a: Answer, world: OracleWorld): string[] {
  if (a.status >= 500) return [`${a.status} server error: ${a.body.slice(0, 300)}`];
  if (a.status < 200 || (a.status >= 300 && a.status < 400)) return [`unexpected status ${a.status}`];
  if (a.status >= 400) return errorShapeProblems(a);
  const p = successProblems(op, a);
  const who = world.auth(req.auth);
  if (op.secured && !who.identity) p.push(`a secured operation answered ${a.status} to ${req.auth}`);
  if (op.secured && who.cookie && !SAFE.has(req.method) && req.headers.origin && world.crossOrigin(req.headers.origin)) {
    p.push(`a cookie-authenticated ${req.method} from origin ${req.headers.origin} answered ${a.status}`);
  }
  if (op.secured && !world.idBlind?.(op.key)) {
    const owners = new Set(req.pathIds.map((x) => world.ownerOf(x.id)).filter((x): x is string => x !== undefined));
    for (const o of owners) if (!who.memberOf.has(o)) p.push(`${req.auth} (not a member of engagement ${o}) got ${a.status} for an id of it`);
    if (owners.size > 1) p.push(`ids of ${owners.size} different engagements in one path answered ${a.status}`);
  }
  for (const s of who.secrets) if (a.body.includes(s)) p.push(`the answer to ${req.auth} contains ${JSON.stringify(s)}, which it may not see`);
  return p;
}
