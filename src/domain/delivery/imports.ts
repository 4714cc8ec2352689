/**
 * Imports of work items (Jira CSV, GitHub issues JSON) and time entries
 * (Harvest CSV, Toggl Track CSV): column layouts, suggested mappings, and the
 * mapping and validation of one row. Pure: lookups are passed in.
 *
 * Column layouts (checked against each tool's documentation):
 * - Jira "Export CSV (all fields)": Summary, Issue key, Issue id, Issue Type,
 *   Status, Priority, Assignee, Reporter, Created, Updated, Resolved, Due Date,
 *   Description, Original Estimate (seconds), Time Spent (seconds), Sprint,
 *   Labels (may repeat), Parent … Dates like "12/Mar/26 10:15 AM".
 * - GitHub REST "List repository issues": an array of objects with id,
 *   number, title, body, state (open|closed), state_reason, labels[].name,
 *   assignee.login, milestone.title, created_at, closed_at, html_url; pull
 *   requests carry a `pull_request` key and are skipped.
 * - Harvest detailed time report export: Date (YYYY-MM-DD), Client, Project,
 *   Project Code, Task, Notes, Hours (decimal), Hours Rounded, Billable?,
 *   Invoiced?, Approved?, First Name, Last Name, Roles, Employee?, Billable
 *   Rate, Billable Amount, Cost Rate, Cost Amount, Currency, External
 *   Reference URL. It has no entry id: we derive one from the row.
 * - Toggl Track detailed report export: User, Email, Client, Project, Task,
 *   Description, Billable (Yes/No), Start date, Start time, End date, End
 *   time, Duration (hh:mm:ss), Tags, Amount. No entry id either.
 */
import { createHash } from 'node:crypto';
import { type EstimateRange, estimateProblems, type FieldProblem } from './estimates';

export type ImportSource = 'jira' | 'github' | 'harvest' | 'toggl';
export type ImportKind = 'items' | 'time';
export type WorkItemStatus = 'backlog' | 'in_progress' | 'blocked' | 'done' | 'dropped';

export const ITEM_FIELDS = [
  'externalId',
  'externalRef',
  'title',
  'description',
  'status',
  'estimateLow',
  'estimateLikely',
  'estimateHigh',
  'phase',
  'outcome',
  'assignee',
  'createdAt',
  'startedAt',
  'doneAt',
] as const;
export const TIME_FIELDS = ['externalId', 'date', 'hours', 'duration', 'email', 'person', 'firstName', 'lastName', 'note', 'billable', 'workItem'] as const;
export type ItemField = (typeof ITEM_FIELDS)[number];
export type TimeField = (typeof TIME_FIELDS)[number];
export type Mapping = Record<string, string | null>;

interface SourceSpec {
  kind: ImportKind;
  label: string;
  format: 'csv' | 'json';
  /** Candidate column names per target field, in order of preference (case-insensitive). */
  columns: Record<string, string[]>;
  estimateUnit?: 'hours' | 'seconds';
}

export const SOURCES: Record<ImportSource, SourceSpec> = {
  jira: {
    kind: 'items',
    label: 'Jira (Export CSV, all fields)',
    format: 'csv',
    estimateUnit: 'seconds',
    columns: {
      externalId: ['Issue id', 'Issue ID'],
      externalRef: ['Issue key', 'Key'],
      title: ['Summary'],
      description: ['Description'],
      status: ['Status'],
      estimateLikely: ['Original Estimate', 'Original estimate'],
      assignee: ['Assignee'],
      createdAt: ['Created'],
      doneAt: ['Resolved'],
    },
  },
  github: {
    kind: 'items',
    label: 'GitHub issues (REST API JSON)',
    format: 'json',
    estimateUnit: 'hours',
    columns: {
      externalId: ['id'],
      externalRef: ['html_url'],
      title: ['title'],
      description: ['body'],
      status: ['state'],
      phase: ['milestone'],
      assignee: ['assignee'],
      createdAt: ['created_at'],
      doneAt: ['closed_at'],
    },
  },
  harvest: {
    kind: 'time',
    label: 'Harvest (detailed time report CSV)',
    format: 'csv',
    columns: {
      date: ['Date'],
      hours: ['Hours'],
      firstName: ['First Name', 'First name'],
      lastName: ['Last Name', 'Last name'],
      note: ['Notes', 'Note'],
      billable: ['Billable?', 'Billable'],
      workItem: ['External Reference URL'],
    },
  },
  toggl: {
    kind: 'time',
    label: 'Toggl Track (detailed report CSV)',
    format: 'csv',
    columns: {
      date: ['Start date', 'Start Date'],
      duration: ['Duration'],
      email: ['Email'],
      person: ['User', 'Member'],
      note: ['Description'],
      billable: ['Billable'],
    },
  },
};

export const GITHUB_COLUMNS = ['id', 'number', 'title', 'body', 'state', 'state_reason', 'labels', 'assignee', 'milestone', 'created_at', 'closed_at', 'html_url'] as const;

export const fieldsOf = (source: ImportSource): readonly string[] => (SOURCES[source].kind === 'items' ? ITEM_FIELDS : TIME_FIELDS);

/** The mapping we propose from the file's header: each target field → the first matching column. */
export function suggestMapping(source: ImportSource, headers: string[]): Mapping {
  const lower = new Map<string, string>();
  for (const h of headers) if (!lower.has(h.trim().toLowerCase())) lower.set(h.trim().toLowerCase(), h);
  const out: Mapping = {};
  for (const f of fieldsOf(source)) {
    const candidates = SOURCES[source].columns[f] ?? [];
    out[f] = candidates.map((c) => lower.get(c.toLowerCase())).find((x) => x !== undefined) ?? null;
  }
  return out;
}

/** Problems with a mapping: unknown fields or columns, and required fields left unmapped. */
export function mappingProblems(source: ImportSource, mapping: Mapping, headers: string[]): FieldProblem[] {
  const out: FieldProblem[] = [];
  const fields = fieldsOf(source);
  const known = new Set(headers);
  for (const [f, col] of Object.entries(mapping)) {
    if (!fields.includes(f)) out.push({ field: `mapping.${f}`, message: `is not a field we import (known: ${fields.join(', ')})` });
    else if (col != null && !known.has(col)) out.push({ field: `mapping.${f}`, message: `no column "${col}" in the file` });
  }
  const has = (f: string) => mapping[f] != null;
  if (SOURCES[source].kind === 'items') {
    if (!has('title')) out.push({ field: 'mapping.title', message: 'map a column to the title' });
    if (!has('externalId') && !has('externalRef')) out.push({ field: 'mapping.externalId', message: 'map a column with a stable id (re-imports update by it)' });
  } else {
    if (!has('date')) out.push({ field: 'mapping.date', message: 'map the column with the date worked' });
    if (!has('hours') && !has('duration')) out.push({ field: 'mapping.hours', message: 'map a column with hours (decimal) or a duration (h:mm:ss)' });
    if (!has('email') && !has('person') && !(has('firstName') && has('lastName'))) {
      out.push({ field: 'mapping.person', message: 'map the person: an e-mail, a name, or first and last name' });
    }
  }
  return out;
}

/** A GitHub issue object as a flat row of the columns above. */
export function flattenGithubIssue(x: unknown): Record<string, string> | 'pull_request' | null {
  if (!x || typeof x !== 'object' || Array.isArray(x)) return null;
  const o = x as Record<string, unknown>;
  if (o.pull_request) return 'pull_request';
  const str = (v: unknown) => (v == null ? '' : typeof v === 'object' ? '' : String(v));
  const login = (v: unknown) => (v && typeof v === 'object' ? str((v as Record<string, unknown>).login) : '');
  const labels = Array.isArray(o.labels) ? o.labels.map((l) => (typeof l === 'string' ? l : l && typeof l === 'object' ? str((l as Record<string, unknown>).name) : '')).filter(Boolean) : [];
  return {
    id: str(o.id),
    number: str(o.number),
    title: str(o.title),
    body: str(o.body),
    state: str(o.state),
    state_reason: str(o.state_reason),
    labels: labels.join(', '),
    assignee: login(o.assignee),
    milestone: o.milestone && typeof o.milestone === 'object' ? str((o.milestone as Record<string, unknown>).title) : '',
    created_at: str(o.created_at),
    closed_at: str(o.closed_at),
    html_url: str(o.html_url),
  };
}

// ── value parsers ─────────────────────────────────────────────────────────

/** A decimal number; accepts a decimal comma ("7,5") as spreadsheets in many locales write it. */
export function parseDecimal(s: string): number | null {
  const t = s.trim().replace(/\s/g, '');
  if (t === '') return null;
  const normalized = /^-?\d+,\d+$/.test(t) ? t.replace(',', '.') : t;
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(normalized)) return Number.NaN;
  return Number(normalized);
}

/** "1:30:00", "01:30", "90:00:00" → minutes; a decimal "1.5" is read as hours. */
export function parseDurationMinutes(s: string): number | null {
  const t = s.trim();
  if (t === '') return null;
  const m = /^(-?\d+):([0-5]\d)(?::([0-5]\d))?$/.exec(t);
  if (m) {
    const sign = m[1]!.startsWith('-') ? -1 : 1;
    return sign * (Math.abs(Number(m[1])) * 60 + Number(m[2]) + Number(m[3] ?? 0) / 60);
  }
  const h = parseDecimal(t);
  return h == null || Number.isNaN(h) ? Number.NaN : h * 60;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const pad = (n: number) => String(n).padStart(2, '0');
const realDate = (y: number, mo: number, d: number) => {
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
};

/**
 * A date or timestamp as the tools write them → ISO-8601 UTC. Accepts
 * 2026-11-03, 2026-11-03T10:15:00Z, 2026-11-03 10:15, 11/3/2026 (Harvest,
 * month first), 03/Nov/26 10:15 AM (Jira). Returns null for empty, NaN-ish
 * "invalid" for anything else.
 */
export function parseDateTime(s: string): { date: string; at: string } | null | 'invalid' {
  const t = s.trim();
  if (t === '') return null;
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/.exec(t);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!realDate(y, mo, d)) return 'invalid';
    if (m[4] === undefined) return { date: `${m[1]}-${m[2]}-${m[3]}`, at: `${m[1]}-${m[2]}-${m[3]}T00:00:00.000Z` };
    const iso = `${m[1]}-${m[2]}-${m[3]}T${pad(Number(m[4]))}:${m[5]}:${m[6] ?? '00'}${m[7] ? (m[7] === 'Z' ? 'Z' : m[7].includes(':') ? m[7] : `${m[7].slice(0, 3)}:${m[7].slice(3)}`) : 'Z'}`;
    const dt = new Date(iso);
    if (Number.isNaN(dt.getTime())) return 'invalid';
    return { date: dt.toISOString().slice(0, 10), at: dt.toISOString() };
  }
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (m) {
    const [mo, d, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!realDate(y, mo, d)) return 'invalid';
    const date = `${y}-${pad(mo)}-${pad(d)}`;
    return { date, at: `${date}T00:00:00.000Z` };
  }
  m = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{2}|\d{4})(?:\s+(\d{1,2}):(\d{2})(?:\s*([AaPp][Mm]))?)?$/.exec(t);
  if (m) {
    const mo = MONTHS.indexOf(m[2]!.toLowerCase()) + 1;
    const y = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    const d = Number(m[1]);
    if (mo === 0 || !realDate(y, mo, d)) return 'invalid';
    let h = Number(m[4] ?? 0);
    if (m[6]) {
      const pm = m[6].toLowerCase() === 'pm';
      if (h < 1 || h > 12) return 'invalid';
      h = (h % 12) + (pm ? 12 : 0);
    }
    const date = `${y}-${pad(mo)}-${pad(d)}`;
    return { date, at: `${date}T${pad(h)}:${m[5] ?? '00'}:00.000Z` };
  }
  return 'invalid';
}

export function parseBoolean(s: string): boolean | null | 'invalid' {
  const t = s.trim().toLowerCase();
  if (t === '') return null;
  if (['yes', 'y', 'true', '1', 'billable'].includes(t)) return true;
  if (['no', 'n', 'false', '0', 'non-billable', 'not billable'].includes(t)) return false;
  return 'invalid';
}

const STATUS_WORDS: [WorkItemStatus, string[]][] = [
  ['backlog', ['backlog', 'to do', 'todo', 'open', 'new', 'selected for development', 'ready', 'planned', 'reopened']],
  ['in_progress', ['in progress', 'in_progress', 'doing', 'in review', 'review', 'code review', 'testing', 'in testing', 'qa', 'in qa']],
  ['blocked', ['blocked', 'on hold', 'waiting', 'waiting for customer', 'impeded']],
  ['done', ['done', 'closed', 'resolved', 'complete', 'completed', 'released', 'fixed']],
  ['dropped', ["won't do", 'wont do', "won't fix", 'wontfix', 'cancelled', 'canceled', 'rejected', 'duplicate', 'not_planned', 'not planned', 'dropped']],
];

/** A tool's status word → ours; a custom map (lower-case keys) wins. */
export function mapStatus(raw: string, custom: Record<string, WorkItemStatus> = {}, stateReason = ''): WorkItemStatus | null {
  const t = raw.trim().toLowerCase();
  if (t === '') return null;
  if (custom[t]) return custom[t]!;
  if (t === 'closed' && stateReason.trim().toLowerCase() === 'not_planned') return 'dropped';
  for (const [status, words] of STATUS_WORDS) if (words.includes(t)) return status;
  return null;
}

// ── rows ──────────────────────────────────────────────────────────────────

export interface ItemOptions {
  estimateUnit: 'hours' | 'seconds' | 'days';
  hoursPerDay: number;
  statusMap: Record<string, WorkItemStatus>;
  /** Phase for rows whose phase column is empty (or unmapped). */
  defaultPhaseId: string | null;
}

export interface ItemLookups {
  /** lower-case phase name → id */
  phases: Map<string, string>;
  /** lower-case outcome title → id */
  outcomes: Map<string, string>;
  /** lower-case e-mail, name or login → provider member id */
  people: Map<string, string>;
}

export interface ItemCandidate {
  externalId: string;
  externalRef: string | null;
  title: string;
  description: string;
  status: WorkItemStatus;
  estimate: EstimateRange | null;
  phaseId: string | null;
  outcomeId: string | null;
  assigneeId: string | null;
  createdAt: string | null;
  startedAt: string | null;
  doneAt: string | null;
}

export type RowResult<T> = { ok: true; value: T; warnings: FieldProblem[] } | { ok: false; errors: FieldProblem[] };

type Get = (field: string) => string;

/** Maps and validates one work-item row. Errors name the target field and quote the value. */
export function mapItemRow(get: Get, opts: ItemOptions, look: ItemLookups): RowResult<ItemCandidate> {
  const errors: FieldProblem[] = [];
  const warnings: FieldProblem[] = [];
  const title = get('title').trim();
  if (!title) errors.push({ field: 'title', message: 'is empty' });
  else if (title.length > 300) errors.push({ field: 'title', message: 'has more than 300 characters' });
  const externalId = (get('externalId').trim() || get('externalRef').trim()).slice(0, 300);
  if (!externalId) errors.push({ field: 'externalId', message: 'is empty: each row needs a stable id' });
  const description = get('description');
  if (description.length > 100_000) errors.push({ field: 'description', message: 'has more than 100000 characters' });

  const rawStatus = get('status');
  let status: WorkItemStatus = 'backlog';
  if (rawStatus.trim()) {
    const s = mapStatus(rawStatus, opts.statusMap, get('state_reason'));
    if (!s) errors.push({ field: 'status', message: `unknown status "${rawStatus.trim()}": map it to backlog, in_progress, blocked, done or dropped (statusMap)` });
    else status = s;
  }

  const factor = opts.estimateUnit === 'seconds' ? 1 / 3600 : opts.estimateUnit === 'days' ? opts.hoursPerDay : 1;
  const num = (f: string) => {
    const raw = get(f);
    const v = parseDecimal(raw);
    if (v != null && Number.isNaN(v)) {
      errors.push({ field: f, message: `"${raw.trim()}" is not a number` });
      return null;
    }
    return v == null ? null : Math.round(v * factor * 100) / 100;
  };
  const low = num('estimateLow');
  const likely = num('estimateLikely');
  const high = num('estimateHigh');
  let estimate: EstimateRange | null = null;
  if (likely != null || low != null || high != null) {
    const mid = likely ?? low ?? high!;
    estimate = { low: low ?? mid, likely: mid, high: high ?? mid };
    for (const p of estimateProblems(estimate)) errors.push({ field: `estimate${p.field[0]!.toUpperCase()}${p.field.slice(1)}`, message: p.message });
  }

  const phaseName = get('phase').trim();
  let phaseId = opts.defaultPhaseId;
  if (phaseName) {
    const id = look.phases.get(phaseName.toLowerCase());
    if (!id) errors.push({ field: 'phase', message: `unknown phase "${phaseName}": create it first or change the mapping` });
    else phaseId = id;
  }
  const outcomeTitle = get('outcome').trim();
  let outcomeId: string | null = null;
  if (outcomeTitle) {
    const id = look.outcomes.get(outcomeTitle.toLowerCase());
    if (!id) errors.push({ field: 'outcome', message: `unknown outcome "${outcomeTitle}": use the title of an outcome in the agreed charter` });
    else outcomeId = id;
  }
  const who = get('assignee').trim();
  let assigneeId: string | null = null;
  if (who) {
    assigneeId = look.people.get(who.toLowerCase()) ?? null;
    if (!assigneeId) warnings.push({ field: 'assignee', message: `"${who}" is not a provider member here; imported unassigned` });
  }
  const when = (f: string) => {
    const raw = get(f);
    const v = parseDateTime(raw);
    if (v === 'invalid') {
      errors.push({ field: f, message: `"${raw.trim()}" is not a date we can read (use 2026-11-03 or 2026-11-03T10:15:00Z)` });
      return null;
    }
    return v?.at ?? null;
  };
  const createdAt = when('createdAt');
  const startedAt = when('startedAt');
  const doneAt = when('doneAt');
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    warnings,
    value: {
      externalId,
      externalRef: get('externalRef').trim() || null,
      title,
      description,
      status,
      estimate,
      phaseId,
      outcomeId,
      assigneeId,
      createdAt,
      startedAt,
      doneAt: status === 'done' || status === 'dropped' ? (doneAt ?? null) : null,
    },
  };
}

export interface TimeLookups {
  /** lower-case e-mail or full name → provider member id */
  people: Map<string, string>;
  /** lower-case external ref, external id (or the last segment of an issue URL) → work item */
  items: Map<string, { id: string; visibility: 'shared' | 'internal' }>;
  start: string | null;
  end: string | null;
  locks: { start: string; end: string }[];
}

export interface TimeCandidate {
  externalId: string;
  date: string;
  minutes: number;
  userId: string;
  note: string;
  billable: boolean;
  workItemId: string | null;
}

/** Candidate keys of a work-item reference: as written, and the last segment of a URL (".../browse/FJ-12", ".../issues/12"). */
export function refKeys(raw: string): string[] {
  const t = raw.trim().toLowerCase();
  if (!t) return [];
  const out = [t];
  const m = /\/(?:browse|issues)\/([^/?#]+)\/?(?:[?#].*)?$/.exec(t);
  if (m) out.push(m[1]!);
  return out;
}

const KEY_IN_TEXT = /\b[A-Z][A-Z0-9]{1,9}-\d{1,7}\b/g;

/** Maps and validates one time row (per-day totals are checked across rows by the caller). */
export function mapTimeRow(get: Get, defaultBillable: boolean, look: TimeLookups): RowResult<Omit<TimeCandidate, 'externalId'>> {
  const errors: FieldProblem[] = [];
  const warnings: FieldProblem[] = [];
  const rawDate = get('date');
  const d = parseDateTime(rawDate);
  let date = '';
  if (d === 'invalid' || d === null) errors.push({ field: 'date', message: d === null ? 'is empty' : `"${rawDate.trim()}" is not a date we can read` });
  else {
    date = d.date;
    if (look.start && date < look.start) errors.push({ field: 'date', message: `${date} is before the engagement starts (${look.start})` });
    if (look.end && date > look.end) errors.push({ field: 'date', message: `${date} is after the engagement ends (${look.end})` });
    const lock = look.locks.find((l) => l.start <= date && date <= l.end);
    if (lock) errors.push({ field: 'date', message: `${date} is in a locked period (${lock.start} to ${lock.end})` });
  }
  let minutes: number | null = null;
  const rawHours = get('hours');
  const rawDuration = get('duration');
  if (rawHours.trim()) {
    const h = parseDecimal(rawHours);
    if (h == null || Number.isNaN(h)) errors.push({ field: 'hours', message: `"${rawHours.trim()}" is not a number of hours` });
    else minutes = Math.round(h * 60);
  } else if (rawDuration.trim()) {
    const m = parseDurationMinutes(rawDuration);
    if (m == null || Number.isNaN(m)) errors.push({ field: 'duration', message: `"${rawDuration.trim()}" is not a duration (h:mm:ss)` });
    else minutes = Math.round(m);
  } else errors.push({ field: 'hours', message: 'no hours or duration' });
  if (minutes != null) {
    if (minutes <= 0) errors.push({ field: rawHours.trim() ? 'hours' : 'duration', message: `must be more than zero (got ${minutes} minutes)` });
    else if (minutes > 1440) errors.push({ field: rawHours.trim() ? 'hours' : 'duration', message: `${(minutes / 60).toFixed(2)} h is more than 24 hours in one day` });
  }
  const email = get('email').trim().toLowerCase();
  const name = (get('person').trim() || `${get('firstName').trim()} ${get('lastName').trim()}`.trim()).toLowerCase();
  const userId = (email && look.people.get(email)) || (name && look.people.get(name)) || null;
  if (!userId) errors.push({ field: 'person', message: `no provider member ${email ? `with e-mail "${email}"` : `named "${name}"`} in this engagement (invite them first)` });
  const billable = parseBoolean(get('billable'));
  if (billable === 'invalid') errors.push({ field: 'billable', message: `"${get('billable').trim()}" is not yes or no` });
  const note = get('note');
  if (note.length > 4000) errors.push({ field: 'note', message: 'has more than 4000 characters' });
  let workItemId: string | null = null;
  const ref = get('workItem');
  if (ref.trim()) {
    const hit = refKeys(ref).map((k) => look.items.get(k)).find(Boolean);
    if (!hit) errors.push({ field: 'workItem', message: `no work item with the reference "${ref.trim()}"` });
    else workItemId = hit.id;
  } else {
    // A Jira-style key in the note ("FJ-12 carrier webhooks") links the entry when it names a known item.
    for (const k of note.match(KEY_IN_TEXT) ?? []) {
      const hit = look.items.get(k.toLowerCase());
      if (hit) {
        workItemId = hit.id;
        break;
      }
    }
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, warnings, value: { date, minutes: minutes!, userId: userId!, note, billable: typeof billable === 'boolean' ? billable : defaultBillable, workItemId } };
}

/**
 * A stable id for a time row without one (Harvest and Toggl exports have
 * none): the row's own content plus its occurrence among identical rows, so
 * re-importing the same file updates instead of duplicating.
 */
export function derivedTimeId(source: ImportSource, cells: string[], occurrence: number): string {
  return `${source}:${createHash('sha256').update(JSON.stringify([cells, occurrence])).digest('hex').slice(0, 32)}`;
}

/**
 * Per person and day, existing minutes plus the file's must stay within 24 h.
 * Returns the rows (by index) that push a day over, naming the day.
 */
export function overfullDays(
  rows: { index: number; userId: string; date: string; minutes: number; replacesMinutes: number }[],
  existing: (userId: string, date: string) => number,
): Map<number, FieldProblem> {
  const totals = new Map<string, number>();
  const out = new Map<number, FieldProblem>();
  for (const r of rows) {
    const key = `${r.userId}|${r.date}`;
    const base = totals.get(key) ?? existing(r.userId, r.date);
    const next = base - r.replacesMinutes + r.minutes;
    totals.set(key, next);
    if (next > 1440) out.set(r.index, { field: 'hours', message: `brings ${r.date} to ${(next / 60).toFixed(2)} h for this person: more than 24 hours in one day` });
  }
  return out;
}

// ── GitHub: fetching from a repository (decision 0010) ───────────────────────

/**
 * "owner/name" (or a pasted repository URL, https://github.com/owner/name or a
 * GitHub Enterprise Server one) → its parts; null when it is neither. Owners are
 * letters, digits and single hyphens (up to 39); names letters, digits, `.`, `-`, `_`.
 */
export function parseRepository(input: string): { owner: string; name: string } | null {
  let s = input.trim();
  const url = /^https?:\/\/[^/\s]+\/(.+)$/i.exec(s);
  if (url) s = url[1]!;
  s = s.replace(/\/+$/, '').replace(/\.git$/i, '');
  const m = /^([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})\/([A-Za-z0-9._-]{1,100})$/.exec(s);
  if (!m || m[2] === '.' || m[2] === '..') return null;
  return { owner: m[1]!, name: m[2]! };
}

/** The `rel="next"` target of an HTTP Link header (RFC 8288), as GitHub paginates; null on the last page. */
export function nextLink(header: string | null | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>\s*(.*)$/.exec(part);
    if (!m) continue;
    for (const param of m[2]!.split(';')) {
      const [k, v] = param.split('=', 2).map((t) => t.trim());
      if (k?.toLowerCase() === 'rel' && v?.replace(/^"|"$/g, '').toLowerCase().split(/\s+/).includes('next')) return m[1]!;
    }
  }
  return null;
}

/**
 * One element of a "List repository issues" page, cut down to what the import
 * reads (the keys `flattenGithubIssue` uses), so that 10,000 issues stay well
 * inside the upload limit. Pull requests keep their `pull_request` marker.
 */
export function slimGithubIssue(x: unknown): Record<string, unknown> | null {
  if (!x || typeof x !== 'object' || Array.isArray(x)) return null;
  const o = x as Record<string, unknown>;
  const obj = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
  const labels = Array.isArray(o.labels) ? o.labels.map((l) => (typeof l === 'string' ? { name: l } : { name: obj(l)?.name ?? '' })) : [];
  const assignee = obj(o.assignee);
  const milestone = obj(o.milestone);
  return {
    id: o.id,
    number: o.number,
    title: o.title,
    body: o.body ?? null,
    state: o.state,
    state_reason: o.state_reason ?? null,
    labels,
    assignee: assignee ? { login: assignee.login } : null,
    milestone: milestone ? { title: milestone.title } : null,
    created_at: o.created_at ?? null,
    closed_at: o.closed_at ?? null,
    html_url: o.html_url ?? null,
    ...(o.pull_request ? { pull_request: true } : {}),
  };
}
