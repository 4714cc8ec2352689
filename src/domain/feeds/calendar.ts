/**
 * iCalendar feeds (issue 16, ADR 0025): what an engagement's dates become in a
 * person's calendar, and the RFC 5545 text. Pure: the server gathers the
 * reader's own (scoped) lists and the number of changes each object has had;
 * this turns them into all-day events with stable UIDs and SEQUENCE numbers.
 */
import ical, { ICalCalendarMethod } from 'ical-generator';

export type FeedEventKind =
  | 'phase-start'
  | 'phase-end'
  | 'gate-answers-due'
  | 'gate-revisit'
  | 'commitment-due'
  | 'decision-due'
  | 'dependency-needed'
  | 'status-update-due'
  | 'agenda-review-due'
  | 'agenda-review-held';

export interface FeedEvent {
  /** `<object id>-<kind>@<host>`: the same object and kind is the same event on every refresh. */
  uid: string;
  kind: FeedEventKind;
  /** All-day, YYYY-MM-DD. */
  date: string;
  summary: string;
  description: string;
  /** The object's page in the web app. */
  url: string;
  sequence: number;
}

/** The dated facts of one engagement as the reader may see them (from the pages' own use cases). */
export interface EngagementDates {
  engagement: { id: string; name: string };
  phases: { id: string; name: string; plannedStart: string; plannedEnd: string; status: string }[];
  gateReviews: { id: string; phaseName: string; answersDueOn: string; status: string; revisitOn: string | null }[];
  commitments: { id: string; title: string; side: string; dueDate: string; status: string }[];
  decisions: { id: string; number: number; title: string; dueDate: string; status: string; decider: string }[];
  dependencies: { id: string; title: string; neededBy: string | null; neededFrom: string | null; status: string }[];
  statusUpdates: { dueDates: string[]; cadence: string };
  agenda: { nextReviewDue: string | null; every: string; reviews: { id: string; heldOn: string }[] };
}

/** How many changes (audit records the reader may see) each object has had: the SEQUENCE. */
export type ChangeCounts = ReadonlyMap<string, number>;

export const eventUid = (objectId: string, kind: FeedEventKind, host: string): string => `${objectId}-${kind}@${host}`;

/** SEQUENCE from the object's history: 0 for a new object, one more for each later change. */
export const sequenceOf = (counts: ChangeCounts, objectId: string): number => Math.max(0, (counts.get(objectId) ?? 0) - 1);

const side = (s: string | null) => (s === 'client' ? 'the client' : s === 'provider' ? 'the provider' : s === 'third_party' ? 'a third party' : 'someone');

/** Every dated thing of one engagement as events, in date order (then UID, so the text is stable). */
export function engagementEvents(d: EngagementDates, counts: ChangeCounts, opts: { host: string; webUrl: string }): FeedEvent[] {
  const base = `${opts.webUrl.replace(/\/$/, '')}/engagements/${d.engagement.id}`;
  const tag = `[${d.engagement.name}]`;
  const out: FeedEvent[] = [];
  const add = (objectId: string, kind: FeedEventKind, date: string, summary: string, description: string, path: string, sequence: number) =>
    out.push({ uid: eventUid(objectId, kind, opts.host), kind, date, summary: `${tag} ${summary}`, description, url: `${base}${path}`, sequence });

  for (const p of d.phases) {
    const seq = sequenceOf(counts, p.id);
    add(p.id, 'phase-start', p.plannedStart, `Phase starts: ${p.name}`, `Planned start of the phase “${p.name}” (${p.status}).`, '/phases', seq);
    add(p.id, 'phase-end', p.plannedEnd, `Phase ends: ${p.name}`, `Planned end of the phase “${p.name}” (${p.status}).`, '/phases', seq);
  }
  for (const g of d.gateReviews) {
    const seq = sequenceOf(counts, g.id);
    add(g.id, 'gate-answers-due', g.answersDueOn, `Gate review answers due: ${g.phaseName}`, `Both sides answer the gate review of “${g.phaseName}” by this day (${g.status}).`, `/gate-reviews/${g.id}`, seq);
    if (g.revisitOn) add(g.id, 'gate-revisit', g.revisitOn, `Gate review revisit: ${g.phaseName}`, `The paused gate review of “${g.phaseName}” is revisited.`, `/gate-reviews/${g.id}`, seq);
  }
  for (const c of d.commitments) {
    add(c.id, 'commitment-due', c.dueDate, `Commitment due: ${c.title}`, `Promised by ${side(c.side)}; ${c.status}.`, `/commitments/${c.id}`, sequenceOf(counts, c.id));
  }
  for (const x of d.decisions) {
    add(x.id, 'decision-due', x.dueDate, `Decision due: D-${x.number} ${x.title}`, `Decided by ${x.decider || 'the decider named in the charter'}; ${x.status}.`, `/decisions/${x.id}`, sequenceOf(counts, x.id));
  }
  for (const r of d.dependencies) {
    if (!r.neededBy) continue;
    add(r.id, 'dependency-needed', r.neededBy, `Needed by today: ${r.title}`, `A dependency on ${side(r.neededFrom)}; ${r.status}.`, `/raid/${r.id}`, sequenceOf(counts, r.id));
  }
  for (const due of new Set(d.statusUpdates.dueDates)) {
    add(`${d.engagement.id}-${due}`, 'status-update-due', due, 'Status update due', `The status update (${d.statusUpdates.cadence}) answers this day.`, '/status-updates', 0);
  }
  if (d.agenda.nextReviewDue) {
    add(`${d.engagement.id}-${d.agenda.nextReviewDue}`, 'agenda-review-due', d.agenda.nextReviewDue, 'Future agenda review due', `The ${d.agenda.every} review of the future agenda is due.`, '/agenda', 0);
  }
  for (const r of d.agenda.reviews) {
    add(r.id, 'agenda-review-held', r.heldOn, 'Future agenda review', 'A review of the future agenda was held.', '/agenda', sequenceOf(counts, r.id));
  }
  return out.sort((a, b) => (a.date === b.date ? a.uid.localeCompare(b.uid) : a.date.localeCompare(b.date)));
}

const nextDay = (date: string): Date => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000);

/** Clients should fetch again after this long (REFRESH-INTERVAL and X-PUBLISHED-TTL). */
export const FEED_REFRESH_SECONDS = 3600;

/** The feed as RFC 5545 text: all-day events (VALUE=DATE), DTSTAMP from the given clock instant. */
export function renderCalendar(events: readonly FeedEvent[], opts: { name: string; now: Date }): string {
  const cal = ical({
    name: opts.name,
    prodId: { company: 'Candor', product: 'Candor', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    ttl: FEED_REFRESH_SECONDS,
  });
  for (const e of events) {
    cal.createEvent({
      id: e.uid,
      start: new Date(`${e.date}T00:00:00Z`),
      end: nextDay(e.date),
      allDay: true,
      summary: e.summary,
      description: e.description,
      url: e.url,
      sequence: e.sequence,
      stamp: opts.now,
    });
  }
  return cal.toString();
}
