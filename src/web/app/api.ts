/** Typed access to the Candor API (/api/v1). Errors always arrive as ApiError. */

export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: FieldProblem[];

  constructor(status: number, code: string, message: string, details: FieldProblem[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Query;
  signal?: AbortSignal | undefined;
}

export const API_BASE = '/api/v1';

export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

function isErrorBody(x: unknown): x is { error: { code: string; message: string; details?: FieldProblem[] } } {
  if (typeof x !== 'object' || x === null || !('error' in x)) return false;
  const e = (x as { error: unknown }).error;
  return typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string';
}

/**
 * An answer index.html's inline prefetch script asked for while the app was loading, taken once:
 * the first page's reads start before the bundle has run (ADR 0014).
 */
function takeEarly(url: string): Promise<Response | undefined> | undefined {
  // an early read resolves to undefined when the session it waited for said nobody is signed in
  const early = (window as { __candorEarly?: Map<string, Promise<Response | undefined>> }).__candorEarly;
  const answer = early?.get(url);
  if (answer) early!.delete(url);
  return answer;
}

/** Calls the API and returns its JSON body typed as T; throws ApiError on any failure. */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const url = apiUrl(path, opts.query);
  let res: Response;
  try {
    const early = method === 'GET' ? takeEarly(url) : undefined;
    res = (early && (await early.catch(() => undefined))) || (await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? null : JSON.stringify(opts.body),
      signal: opts.signal ?? null,
    }));
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'Candor cannot be reached. Check your connection and try again.');
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    if (isErrorBody(data)) throw new ApiError(res.status, data.error.code, data.error.message, data.error.details ?? []);
    throw new ApiError(res.status, 'http_error', `The server answered ${res.status} ${res.statusText}`.trim());
  }
  return data as T;
}

export const get = <T>(path: string, query?: Query, signal?: AbortSignal) => api<T>(path, { query, signal });
export const post = <T>(path: string, body?: unknown) => api<T>(path, { method: 'POST', body: body ?? {} });
export const put = <T>(path: string, body: unknown) => api<T>(path, { method: 'PUT', body });
export const patch = <T>(path: string, body: unknown) => api<T>(path, { method: 'PATCH', body });
export const del = <T>(path: string) => api<T>(path, { method: 'DELETE' });

/** The user-facing message of any error. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return 'Something went wrong';
}

/**
 * Field errors from the server, keyed by form path. `strip` drops a prefix the
 * form does not have (the charter form edits `body.*` as its root).
 */
export function fieldErrors(err: unknown, strip?: string): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const d of err.details) {
    const field = strip && d.field.startsWith(strip) ? d.field.slice(strip.length) : d.field;
    out[field] = out[field] ? `${out[field]}; ${d.message}` : d.message;
  }
  return out;
}
