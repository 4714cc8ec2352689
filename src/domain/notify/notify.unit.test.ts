import { describe, expect, it } from 'vitest';
import { composeDigest, DIGEST_LINES_PER_ENGAGEMENT } from './digest';
import { channelFor, deliveryFor, nextDigestAt, preferenceKindOf, weekdayOf } from './preferences';

describe('notification preferences', () => {
  it('maps notification kinds to preference kinds by prefix, the rest to other', () => {
    expect(preferenceKindOf('decision.requested')).toBe('decisions');
    expect(preferenceKindOf('escalation.top_reached')).toBe('escalations');
    expect(preferenceKindOf('commitment.missed')).toBe('commitments');
    expect(preferenceKindOf('assumption.invalidated')).toBe('raid');
    expect(preferenceKindOf('dependency.overdue')).toBe('raid');
    expect(preferenceKindOf('status_update.published')).toBe('status_updates');
    expect(preferenceKindOf('something.new')).toBe('other');
  });
  it('channels: default both; stored choices win; unknown stored values fall back', () => {
    expect(channelFor({}, 'decision.requested')).toBe('both');
    expect(channelFor({ decisions: 'email' }, 'decision.decided')).toBe('email');
    expect(channelFor({ decisions: 'carrier-pigeon' }, 'decision.decided')).toBe('both');
    expect(deliveryFor('both')).toEqual({ inApp: true, email: true });
    expect(deliveryFor('in_app')).toEqual({ inApp: true, email: false });
    expect(deliveryFor('email')).toEqual({ inApp: false, email: true });
    expect(deliveryFor('digest_only')).toEqual({ inApp: false, email: false });
  });
  it('the next digest is the chosen weekday at 08:00 UTC, strictly after now', () => {
    const mon9 = new Date('2026-11-02T09:00:00.000Z'); // a Monday, after 08:00
    expect(nextDigestAt(mon9, 'mon').toISOString()).toBe('2026-11-09T08:00:00.000Z');
    expect(nextDigestAt(new Date('2026-11-02T07:59:00.000Z'), 'mon').toISOString()).toBe('2026-11-02T08:00:00.000Z');
    expect(nextDigestAt(mon9, 'fri').toISOString()).toBe('2026-11-06T08:00:00.000Z');
    expect(nextDigestAt(mon9, 'sun').toISOString()).toBe('2026-11-08T08:00:00.000Z');
    expect(nextDigestAt(new Date('2026-12-31T12:00:00.000Z'), 'thu').toISOString()).toBe('2027-01-07T08:00:00.000Z');
    expect(weekdayOf(new Date('2026-11-08T08:00:00.000Z'))).toBe('sun');
  });
});

describe('the weekly digest', () => {
  const base = { name: 'Ingrid', from: new Date('2026-11-02T08:00:00.000Z'), to: new Date('2026-11-09T08:00:00.000Z'), publicUrl: 'https://candor.test' };
  it('nothing anywhere: no e-mail', () => {
    expect(composeDigest({ ...base, sections: [{ engagementName: 'A', link: '/engagements/a', lines: [] }] })).toBeNull();
  });
  it('one section per engagement with lines, in time order, with links; quiet engagements left out', () => {
    const d = composeDigest({
      ...base,
      sections: [
        { engagementName: 'Portal', link: '/engagements/p', lines: [{ at: '2026-11-04T10:00:00.000Z', text: 'Maya Okafor recorded the commitment “B”', link: null }, { at: '2026-11-03T10:00:00.000Z', text: 'Maya Okafor wrote the note “A”', link: null }] },
        { engagementName: 'Quiet', link: '/engagements/q', lines: [] },
      ],
    })!;
    expect(d.subject).toBe('Your week in Candor: 2 changes in 1 engagement');
    expect(d.text).toContain('Portal (2 changes)\nhttps://candor.test/engagements/p');
    expect(d.text.indexOf('“A”')).toBeLessThan(d.text.indexOf('“B”'));
    expect(d.text).toContain('from 2 Nov to 9 Nov');
    expect(d.text).not.toContain('Quiet');
  });
  it('long weeks are cut to the latest lines and the rest counted', () => {
    const lines = Array.from({ length: DIGEST_LINES_PER_ENGAGEMENT + 3 }, (_, i) => ({ at: `2026-11-0${3 + (i % 5)}T10:${String(i).padStart(2, '0')}:00.000Z`, text: `line ${i}`, link: null }));
    const d = composeDigest({ ...base, sections: [{ engagementName: 'P', link: '/engagements/p', lines }] })!;
    expect(d.text).toContain('… and 3 earlier');
    expect(d.text.split('\n').filter((l) => l.startsWith('  ') && /line \d+/.test(l))).toHaveLength(DIGEST_LINES_PER_ENGAGEMENT);
  });
});
