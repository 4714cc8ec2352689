import type { CharterBody, CharterBodyInput, Meeting } from '../../app/types';
import { fromToken, type PersonToken, toToken } from '../../people/tokens';

/** Form rows carry a client-only `rid` for stable React keys; it never reaches the server. */
let counter = 0;
const rid = () => `r${++counter}`;

export type Num = number | string;

export interface OutcomeRow {
  rid: string;
  key?: string | undefined;
  title: string;
  indicator: string;
  unit: string;
  baseline: Num;
  target: Num;
  dueDate: string;
}
export interface RaciFormRow {
  rid: string;
  decisionKind: string;
  /** People as picker tokens: members by id, third parties by name (see people/tokens.ts). */
  responsible: PersonToken[];
  accountable: PersonToken;
  consulted: PersonToken[];
  informed: PersonToken[];
}
export interface MeetingRow {
  rid: string;
  name: string;
  every: Meeting['every'];
  attendees: string[];
}
export interface LevelRow {
  rid: string;
  person: string;
  userId: string | null;
  responseHours: Num;
}
export interface CharterForm {
  purpose: string;
  outcomes: OutcomeRow[];
  collaboration: RaciFormRow[];
  statusUpdateEvery: CharterBody['cadence']['statusUpdateEvery'];
  statusUpdateWeekday: CharterBody['cadence']['statusUpdateWeekday'];
  timeZone: string;
  holidays: string[];
  gateReviewReminderDays: Num;
  futureReviewEvery: CharterBody['cadence']['futureReviewEvery'];
  meetings: MeetingRow[];
  escalation: LevelRow[];
  note: string;
}

export const newOutcome = (): OutcomeRow => ({ rid: rid(), title: '', indicator: '', unit: '', baseline: '', target: '', dueDate: '' });
export const newRaci = (decisionKind = ''): RaciFormRow => ({ rid: rid(), decisionKind, responsible: [], accountable: '', consulted: [], informed: [] });
export const newMeeting = (): MeetingRow => ({ rid: rid(), name: '', every: 'weekly', attendees: [] });
export const newLevel = (): LevelRow => ({ rid: rid(), person: '', userId: null, responseHours: 24 });

export function toForm(body: CharterBody | null): CharterForm {
  if (!body) {
    return {
      purpose: '',
      outcomes: [],
      collaboration: [],
      statusUpdateEvery: 'weekly',
      statusUpdateWeekday: 'fri',
      timeZone: browserTimeZone(),
      holidays: [],
      gateReviewReminderDays: 5,
      futureReviewEvery: 'monthly',
      meetings: [],
      escalation: [],
      note: '',
    };
  }
  return {
    purpose: body.purpose,
    outcomes: body.outcomes.map((o) => ({
      rid: rid(),
      key: o.key,
      title: o.title,
      indicator: o.indicator,
      unit: o.unit,
      baseline: o.baseline,
      target: o.target,
      dueDate: o.dueDate ?? '',
    })),
    collaboration: body.collaboration.map((r) => ({
      rid: rid(),
      decisionKind: r.decisionKind,
      accountable: toToken(r.accountable),
      responsible: r.responsible.map(toToken),
      consulted: r.consulted.map(toToken),
      informed: r.informed.map(toToken),
    })),
    statusUpdateEvery: body.cadence.statusUpdateEvery,
    statusUpdateWeekday: body.cadence.statusUpdateWeekday,
    timeZone: body.cadence.timeZone,
    holidays: body.cadence.holidays,
    gateReviewReminderDays: body.cadence.gateReviewReminderDays,
    futureReviewEvery: body.cadence.futureReviewEvery,
    meetings: body.cadence.meetings.map((m) => ({ rid: rid(), ...m })),
    escalation: body.escalation.map((l) => ({ rid: rid(), person: l.person, userId: l.userId, responseHours: l.responseHours })),
    note: '',
  };
}

const num = (v: Num) => (typeof v === 'number' ? v : Number(String(v).replace(',', '.')));

export function fromForm(f: CharterForm): CharterBodyInput {
  return {
    purpose: f.purpose.trim(),
    outcomes: f.outcomes.map((o) => ({
      ...(o.key ? { key: o.key } : {}),
      title: o.title.trim(),
      indicator: o.indicator.trim(),
      unit: o.unit.trim(),
      baseline: num(o.baseline),
      target: num(o.target),
      dueDate: o.dueDate || null,
    })),
    collaboration: f.collaboration.map((r) => ({
      decisionKind: r.decisionKind.trim(),
      accountable: fromToken(r.accountable),
      responsible: r.responsible.map(fromToken),
      consulted: r.consulted.map(fromToken),
      informed: r.informed.map(fromToken),
    })),
    cadence: {
      statusUpdateEvery: f.statusUpdateEvery,
      statusUpdateWeekday: f.statusUpdateWeekday,
      timeZone: f.timeZone.trim(),
      holidays: [...new Set(f.holidays.map((d) => d.trim()))].sort(),
      gateReviewReminderDays: num(f.gateReviewReminderDays),
      futureReviewEvery: f.futureReviewEvery,
      meetings: f.meetings.map(({ rid: _r, ...m }) => ({ ...m, name: m.name.trim() })),
    },
    escalation: f.escalation.map((l) => ({ person: l.person.trim(), userId: l.userId || null, responseHours: num(l.responseHours) })),
  };
}

/** The browser's own time zone, as the default for a new charter. */
function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

const required = (what: string) => (v: string) => (v.trim() ? null : `${what} is required`);
const isNum = (v: Num) => (v === '' || !Number.isFinite(num(v)) ? 'Enter a number' : null);

export const validate = {
  outcomes: {
    title: required('A title'),
    indicator: required('An indicator'),
    baseline: isNum,
    target: isNum,
  },
  collaboration: {
    decisionKind: required('The kind of decision'),
    accountable: (v: PersonToken) => (v.slice(2).trim() ? null : 'Who is accountable is required'),
  },
  meetings: { name: required('A name') },
  holidays: (v: string[]) => {
    const bad = v.find((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d.trim()) || Number.isNaN(Date.parse(`${d.trim()}T00:00:00Z`)));
    return bad ? `"${bad}" is not a date: write it as YYYY-MM-DD` : null;
  },
  gateReviewReminderDays: (v: Num) => isNum(v) ?? (Number.isInteger(num(v)) && num(v) >= 1 && num(v) <= 30 ? null : 'Between 1 and 30 days'),
  escalation: {
    person: required('A person'),
    responseHours: (v: Num) => isNum(v) ?? (num(v) > 0 ? null : 'Must be above zero'),
  },
};

/** Server field paths (body.cadence.meetings.0.name) → form paths (meetings.0.name). */
export function serverPathToForm(path: string): string {
  const p = path.replace(/^body\./, '');
  if (p.startsWith('cadence.meetings')) return p.replace('cadence.meetings', 'meetings');
  if (p.startsWith('cadence.holidays')) return 'holidays';
  for (const f of ['statusUpdateEvery', 'statusUpdateWeekday', 'timeZone', 'gateReviewReminderDays', 'futureReviewEvery']) if (p === `cadence.${f}`) return f;
  return p;
}
