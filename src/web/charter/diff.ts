import { peopleLabel, personLabel } from '../people/tokens';
import type { CharterBody } from '../app/types';

export type ChangeKind = 'added' | 'removed' | 'changed';
export type CharterSection = 'Purpose' | 'Outcomes' | 'Collaboration' | 'Cadence' | 'Escalation';

export interface CharterChange {
  section: CharterSection;
  kind: ChangeKind;
  /** What changed, e.g. `“Faster booking”: target`. */
  label: string;
  before?: string;
  after?: string;
}

const list = (xs: readonly string[]) => (xs.length ? xs.join(', ') : '—');
const q = (s: string) => `“${s}”`;

function compareFields<T>(
  out: CharterChange[],
  section: CharterSection,
  name: string,
  a: T,
  b: T,
  fields: readonly [label: string, get: (x: T) => string][],
) {
  for (const [label, get] of fields) {
    const before = get(a);
    const after = get(b);
    if (before !== after) out.push({ section, kind: 'changed', label: `${name}: ${label}`, before, after });
  }
}

/** Matches items of two lists by key; reports added, removed and per-field changes. */
function compareLists<T>(
  out: CharterChange[],
  section: CharterSection,
  before: readonly T[],
  after: readonly T[],
  keyOf: (x: T, i: number) => string,
  nameOf: (x: T, i: number) => string,
  summary: (x: T) => string,
  fields: readonly [string, (x: T) => string][],
) {
  const old = new Map(before.map((x, i) => [keyOf(x, i), x]));
  const seen = new Set<string>();
  after.forEach((x, i) => {
    const k = keyOf(x, i);
    const prior = old.get(k);
    seen.add(k);
    if (!prior) out.push({ section, kind: 'added', label: nameOf(x, i), after: summary(x) });
    else compareFields(out, section, nameOf(x, i), prior, x, fields);
  });
  before.forEach((x, i) => {
    if (!seen.has(keyOf(x, i))) out.push({ section, kind: 'removed', label: nameOf(x, i), before: summary(x) });
  });
}

/**
 * What changes from one charter version to the next, section by section.
 * Pure; `before` null means everything is new.
 */
export function diffCharter(before: CharterBody | null, after: CharterBody, memberName: (id: string | null) => string = (id) => id ?? '—',): CharterChange[] {
  const out: CharterChange[] = [];
  const b: CharterBody = before ?? { purpose: '', outcomes: [], collaboration: [], cadence: { ...after.cadence, meetings: [] }, escalation: [] };

  if (b.purpose.trim() !== after.purpose.trim()) {
    out.push({ section: 'Purpose', kind: b.purpose ? (after.purpose ? 'changed' : 'removed') : 'added', label: 'Purpose', before: b.purpose || undefined, after: after.purpose || undefined });
  }

  compareLists(
    out,
    'Outcomes',
    b.outcomes,
    after.outcomes,
    (o) => o.key ?? `title:${o.title.toLowerCase()}`,
    (o) => q(o.title),
    (o) => `${o.indicator}: ${o.baseline} → ${o.target}${o.unit ? ` ${o.unit}` : ''}${o.dueDate ? ` by ${o.dueDate}` : ''}`,
    [
      ['title', (o) => o.title],
      ['indicator', (o) => o.indicator],
      ['unit', (o) => o.unit || '—'],
      ['baseline', (o) => String(o.baseline)],
      ['target', (o) => String(o.target)],
      ['due date', (o) => o.dueDate ?? '—'],
    ],
  );

  compareLists(
    out,
    'Collaboration',
    b.collaboration,
    after.collaboration,
    (r) => r.decisionKind.trim().toLowerCase(),
    (r) => `${q(r.decisionKind)} decisions`,
    (r) => `accountable: ${personLabel(r.accountable)}; responsible: ${peopleLabel(r.responsible)}`,
    [
      ['responsible', (r) => peopleLabel(r.responsible)],
      ['accountable', (r) => personLabel(r.accountable)],
      ['consulted', (r) => peopleLabel(r.consulted)],
      ['informed', (r) => peopleLabel(r.informed)],
    ],
  );

  const cadenceFields = [
    ['statusUpdateEvery', 'Status updates'],
    ['statusUpdateWeekday', 'Status updates due on'],
    ['timeZone', 'Time zone'],
    ['gateReviewReminderDays', 'Gate review answers due within (days)'],
    ['futureReviewEvery', 'Future agenda review'],
  ] as const;
  for (const [key, label] of cadenceFields) {
    const was = String(b.cadence[key] ?? '');
    const now = String(after.cadence[key] ?? '');
    if (was !== now) out.push({ section: 'Cadence', kind: 'changed', label, before: was, after: now });
  }
  if ((b.cadence.holidays ?? []).join(', ') !== (after.cadence.holidays ?? []).join(', ')) {
    out.push({ section: 'Cadence', kind: 'changed', label: 'Holidays', before: (b.cadence.holidays ?? []).join(', ') || 'none', after: after.cadence.holidays.join(', ') || 'none' });
  }
  compareLists(
    out,
    'Cadence',
    b.cadence.meetings,
    after.cadence.meetings,
    (m) => m.name.trim().toLowerCase(),
    (m) => q(m.name),
    (m) => `${m.every}; ${list(m.attendees)}`,
    [
      ['every', (m) => m.every],
      ['attendees', (m) => list(m.attendees)],
    ],
  );

  compareLists(
    out,
    'Escalation',
    b.escalation,
    after.escalation,
    (_l, i) => `level:${i + 1}`,
    (_l, i) => `Level ${i + 1}`,
    (l) => `${l.person}, answers within ${l.responseHours} h`,
    [
      ['person', (l) => l.person],
      ['member', (l) => memberName(l.userId)],
      ['response time', (l) => `${l.responseHours} h`],
    ],
  );
  return out;
}
