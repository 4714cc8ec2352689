/**
 * The operations of an OpenAPI 3.1 document, as the fuzzer needs them: method, path template,
 * parameters with their JSON Schemas, the JSON request body's schema, and the documented responses.
 * Nothing here knows Candor's domain.
 */

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
  description?: string;
};

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonSchema;
}

export interface Operation {
  /** "POST /api/v1/engagements/{id}/notes" */
  key: string;
  operationId: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  params: Parameter[];
  body: JsonSchema | null;
  bodyRequired: boolean;
  /** status → content type → schema (a response without content has an empty map) */
  responses: Record<string, Record<string, JsonSchema | undefined>>;
  /** false when the operation declares `security: []` (callable without credentials) */
  secured: boolean;
}

interface RawOperation {
  operationId?: string;
  parameters?: { name: string; in: Parameter['in']; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
  security?: unknown[];
}

interface RawDocument {
  openapi: string;
  paths: Record<string, Record<string, RawOperation>>;
  security?: unknown[];
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** Every operation of the document, in document order. */
export function operationsOf(doc: unknown): Operation[] {
  const d = doc as RawDocument;
  if (!d || typeof d.openapi !== 'string' || !d.openapi.startsWith('3.')) throw new Error('not an OpenAPI 3 document');
  const globalSecured = (d.security ?? []).length > 0;
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(d.paths)) {
    for (const [m, raw] of Object.entries(item)) {
      if (!METHODS.has(m)) continue;
      const method = m.toUpperCase() as Operation['method'];
      const responses: Operation['responses'] = {};
      for (const [status, r] of Object.entries(raw.responses ?? {})) {
        responses[status] = Object.fromEntries(Object.entries(r.content ?? {}).map(([type, c]) => [type, c.schema]));
      }
      out.push({
        key: `${method} ${path}`,
        operationId: raw.operationId ?? `${m}${path}`,
        method,
        path,
        params: (raw.parameters ?? []).map((p) => ({ name: p.name, in: p.in, required: p.required ?? p.in === 'path', schema: p.schema ?? {} })),
        body: raw.requestBody?.content?.['application/json']?.schema ?? null,
        bodyRequired: raw.requestBody?.required ?? false,
        responses,
        secured: raw.security ? raw.security.length > 0 : globalSecured,
      });
    }
  }
  return out;
}

/** The path parameter names in a template, in order: /a/{x}/b/{y}.ics → ['x', 'y']. */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}

/** The path segment before a parameter ("notes" for /notes/{noteId}), or '' when it is the first. */
export function segmentBefore(path: string, param: string): string {
  const parts = path.split('/');
  const i = parts.findIndex((p) => p.includes(`{${param}}`));
  return i > 0 ? (parts[i - 1] ?? '') : '';
}
