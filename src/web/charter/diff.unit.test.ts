import { describe, expect, it } from 'vitest';
import type { CharterBody } from '../app/types';
import { diffCharter } from './diff';

const member = (userId: string, name: string) => ({ userId, name, external: false, unresolved: false });

const base: CharterBody = {
  purpose: 'Shippers help themselves.',
  outcomes: [{ key: 'o1', title: 'Self-service tracking', indicator: 'Share answered online', unit: '%', baseline: 35, target: 80, dueDate: '2027-03-31' }],
  collaboration: [{ decisionKind: 'scope', responsible: [member('u1', 'Maya')], accountable: member('u4', 'Ingrid'), consulted: [], informed: [member('u2', 'Tom')] }],
  cadence: { statusUpdateEvery: 'weekly', statusUpdateWeekday: 'fri', timeZone: 'UTC', holidays: [], gateReviewReminderDays: 5, futureReviewEvery: 'monthly', meetings: [{ name: 'Check-in', every: 'weekly', attendees: ['Maya'] }] },
  escalation: [{ level: 1, person: 'Maya', userId: 'u1', responseHours: 24 }],
};

describe('diffCharter', () => {
  it('finds nothing between equal versions', () => {
    expect(diffCharter(base, structuredClone(base))).toEqual([]);
  });

  it('reports everything as added against no agreed version', () => {
    const changes = diffCharter(null, base);
    expect(changes.map((c) => [c.section, c.kind])).toEqual([
      ['Purpose', 'added'],
      ['Outcomes', 'added'],
      ['Collaboration', 'added'],
      ['Cadence', 'added'],
      ['Escalation', 'added'],
    ]);
  });

  it('reports field changes, additions and removals by key', () => {
    const next = structuredClone(base);
    next.outcomes[0]!.target = 90;
    next.outcomes.push({ key: 'o2', title: 'Faster booking', indicator: 'Median hours', unit: 'h', baseline: 26, target: 4, dueDate: null });
    next.collaboration = [];
    next.cadence.statusUpdateEvery = 'fortnightly';
    next.escalation[0]!.responseHours = 12;
    const changes = diffCharter(base, next, (id) => (id === 'u1' ? 'Maya Okafor' : '—'));
    expect(changes).toContainEqual({ section: 'Outcomes', kind: 'changed', label: '“Self-service tracking”: target', before: '80', after: '90' });
    expect(changes).toContainEqual(expect.objectContaining({ section: 'Outcomes', kind: 'added', label: '“Faster booking”' }));
    expect(changes).toContainEqual(expect.objectContaining({ section: 'Collaboration', kind: 'removed', label: '“scope” decisions' }));
    expect(changes).toContainEqual({ section: 'Cadence', kind: 'changed', label: 'Status updates', before: 'weekly', after: 'fortnightly' });
    expect(changes).toContainEqual({ section: 'Escalation', kind: 'changed', label: 'Level 1: response time', before: '24 h', after: '12 h' });
  });
});
