import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { type EngagementDates, engagementEvents, eventUid, renderCalendar, sequenceOf } from './calendar';

const dates: EngagementDates = {
  engagement: { id: 'e1', name: 'Brightline' },
  phases: [{ id: 'p1', name: 'Discovery', plannedStart: '2026-09-01', plannedEnd: '2026-10-15', status: 'done' }],
  gateReviews: [{ id: 'g1', phaseName: 'Discovery', answersDueOn: '2026-10-20', status: 'paused', revisitOn: '2026-11-10' }],
  commitments: [{ id: 'c1', title: 'Staging, "ready"; with commas', side: 'provider', dueDate: '2026-11-12', status: 'open' }],
  decisions: [{ id: 'd1', number: 4, title: 'Hosting', dueDate: '2026-11-05', status: 'proposed', decider: 'Ingrid' }],
  dependencies: [
    { id: 'r1', title: 'API keys', neededBy: '2026-11-03', neededFrom: 'client', status: 'open' },
    { id: 'r2', title: 'No date', neededBy: null, neededFrom: 'client', status: 'open' },
  ],
  statusUpdates: { dueDates: ['2026-11-06', '2026-11-06', '2026-10-30'], cadence: 'weekly on Friday' },
  agenda: { nextReviewDue: '2026-12-01', every: 'monthly', reviews: [{ id: 'a1', heldOn: '2026-11-01' }] },
};
const opts = { host: 'candor.test', webUrl: 'https://candor.test/' };

describe('calendar feed events', () => {
  it('turns every dated fact into one all-day event with a stable UID and a link', () => {
    const events = engagementEvents(dates, new Map(), opts);
    expect(events.map((e) => `${e.date} ${e.kind}`)).toEqual([
      '2026-09-01 phase-start',
      '2026-10-15 phase-end',
      '2026-10-20 gate-answers-due',
      '2026-10-30 status-update-due',
      '2026-11-01 agenda-review-held',
      '2026-11-03 dependency-needed',
      '2026-11-05 decision-due',
      '2026-11-06 status-update-due',
      '2026-11-10 gate-revisit',
      '2026-11-12 commitment-due',
      '2026-12-01 agenda-review-due',
    ]);
    expect(events).toHaveLength(11); // the dependency without a date is left out; a repeated due date once
    expect(events.map((e) => e.date)).toEqual([...events.map((e) => e.date)].sort());
    const c = events.find((e) => e.kind === 'commitment-due')!;
    expect(c.uid).toBe('c1-commitment-due@candor.test');
    expect(c.url).toBe('https://candor.test/engagements/e1/commitments/c1');
    expect(c.summary).toBe('[Brightline] Commitment due: Staging, "ready"; with commas');
    expect(engagementEvents(dates, new Map(), opts).map((e) => e.uid)).toEqual(events.map((e) => e.uid));
  });
  it('numbers SEQUENCE from the object’s changes: 0 when new, one more per later change', () => {
    expect(sequenceOf(new Map(), 'x')).toBe(0);
    expect(sequenceOf(new Map([['x', 1]]), 'x')).toBe(0);
    expect(sequenceOf(new Map([['x', 4]]), 'x')).toBe(3);
    const events = engagementEvents(dates, new Map([['p1', 3], ['c1', 2]]), opts);
    expect(events.filter((e) => e.uid.startsWith('p1-')).map((e) => e.sequence)).toEqual([2, 2]);
    expect(events.find((e) => e.uid === eventUid('c1', 'commitment-due', 'candor.test'))!.sequence).toBe(1);
  });
  it('renders RFC 5545 that ical.js reads back: VALUE=DATE, DTEND the next day, SEQUENCE, URL, DTSTAMP, refresh hints', () => {
    const now = new Date('2026-11-02T09:00:00.000Z');
    const text = renderCalendar(engagementEvents(dates, new Map([['c1', 2]]), opts), { name: 'Candor: Maya', now });
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(text).toContain('REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n');
    expect(text).toContain('X-PUBLISHED-TTL:PT1H\r\n');
    const cal = new ICAL.Component(ICAL.parse(text));
    const vevents = cal.getAllSubcomponents('vevent');
    expect(vevents).toHaveLength(11);
    const c = new ICAL.Event(vevents.find((v) => v.getFirstPropertyValue('uid') === 'c1-commitment-due@candor.test')!);
    expect(c.startDate.isDate).toBe(true);
    expect(c.startDate.toString()).toBe('2026-11-12');
    expect(c.endDate.toString()).toBe('2026-11-13');
    expect(c.sequence).toBe(1);
    expect(c.summary).toBe('[Brightline] Commitment due: Staging, "ready"; with commas');
    expect(String(vevents[0]!.getFirstPropertyValue('dtstamp'))).toBe('2026-11-02T09:00:00Z');
  });
});
