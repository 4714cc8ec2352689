import { describe, expect, it } from 'vitest';
import { dueDatesUntil, lateWorkingDays, nextDueDate } from './due';
import { healthProblem, overrideSentence, suggestHealth, type HealthSignals } from './health';

const calm: HealthSignals = { plannedEnd: '2027-03-31', forecastP50: '2027-02-01', forecastP85: '2027-03-01', percentSpent: 40, percentElapsed: 38, missedCommitments: [], overdueClientDecisions: [] };
const utc = { timeZone: 'UTC', holidays: [] as string[] };

describe('suggested health', () => {
  it('is on track without signals', () => {
    expect(suggestHealth(calm)).toEqual({ health: 'on_track', reasons: [] });
  });
  it('is at risk when the P85 completion is past the planned end', () => {
    const s = suggestHealth({ ...calm, forecastP85: '2027-04-10' });
    expect(s.health).toBe('at_risk');
    expect(s.reasons).toEqual(["the forecast's P85 completion (2027-04-10) is after the planned end (2027-03-31)"]);
  });
  it('is off track when even the P50 completion is past the planned end', () => {
    expect(suggestHealth({ ...calm, forecastP50: '2027-04-02', forecastP85: '2027-05-01' }).health).toBe('off_track');
  });
  it('weighs budget burn ahead of elapsed time: more than 10 points at risk, more than 25 off track', () => {
    expect(suggestHealth({ ...calm, percentSpent: 48, percentElapsed: 38 }).health).toBe('on_track'); // exactly 10
    const s = suggestHealth({ ...calm, percentSpent: 48.5, percentElapsed: 38 });
    expect(s.health).toBe('at_risk');
    expect(s.reasons[0]).toContain('10.5 points ahead');
    expect(suggestHealth({ ...calm, percentSpent: 70, percentElapsed: 38 }).health).toBe('off_track');
    expect(suggestHealth({ ...calm, percentSpent: null }).health).toBe('on_track');
  });
  it('is at risk for a missed commitment or an overdue client decision, off track for two signals', () => {
    const missed = [{ title: 'Staging ready', dueDate: '2026-12-01' }];
    const overdue = [{ title: 'Carrier scope', dueDate: '2026-11-30' }];
    expect(suggestHealth({ ...calm, missedCommitments: missed }).health).toBe('at_risk');
    expect(suggestHealth({ ...calm, overdueClientDecisions: overdue }).reasons).toEqual(['the client decision "Carrier scope" is overdue (due 2026-11-30)']);
    expect(suggestHealth({ ...calm, missedCommitments: missed, overdueClientDecisions: overdue }).health).toBe('off_track');
  });
});

describe('the lead’s choice beside the suggestion', () => {
  it('records a better health than suggested as an override sentence', () => {
    const s = { health: 'off_track' as const, reasons: ['a', 'b'] };
    expect(overrideSentence('on_track', s)).toBe('The data suggested off track: a; b.');
    expect(overrideSentence('at_risk', s)).toBe('The data suggested off track: a; b.');
    expect(overrideSentence('off_track', s)).toBeNull();
    expect(overrideSentence('off_track', { health: 'on_track', reasons: [] })).toBeNull(); // more cautious is not an override
  });
  it('needs a reason and a next step for anything but on track', () => {
    expect(healthProblem({ health: 'on_track', reason: '', nextStep: '' })).toBeNull();
    expect(healthProblem({ health: 'at_risk', reason: ' ', nextStep: 'x' })?.field).toBe('reason');
    expect(healthProblem({ health: 'off_track', reason: 'x', nextStep: '' })?.field).toBe('nextStep');
    expect(healthProblem({ health: 'at_risk', reason: 'x', nextStep: 'y' })).toBeNull();
  });
});

describe('due dates from the cadence', () => {
  it('weekly on Fridays from the anchor', () => {
    expect(nextDueDate('2026-11-02', { every: 'weekly', weekday: 'fri' }, utc, null)).toBe('2026-11-06');
    expect(nextDueDate('2026-11-06', { every: 'weekly', weekday: 'fri' }, utc, null)).toBe('2026-11-06');
    expect(nextDueDate('2026-11-02', { every: 'weekly', weekday: 'fri' }, utc, '2026-11-06')).toBe('2026-11-13');
    expect(dueDatesUntil('2026-11-02', { every: 'weekly', weekday: 'fri' }, utc, '2026-11-20')).toEqual(['2026-11-06', '2026-11-13', '2026-11-20']);
  });
  it('fortnightly and monthly', () => {
    expect(dueDatesUntil('2026-11-02', { every: 'fortnightly', weekday: 'mon' }, utc, '2026-12-01')).toEqual(['2026-11-02', '2026-11-16', '2026-11-30']);
    expect(dueDatesUntil('2026-11-10', { every: 'monthly', weekday: 'fri' }, utc, '2027-01-31')).toEqual(['2026-12-04', '2027-01-01']);
  });
  it('moves a due date off a holiday to the next working day', () => {
    const cal = { timeZone: 'Europe/Oslo', holidays: ['2026-12-25'] };
    expect(dueDatesUntil('2026-12-14', { every: 'weekly', weekday: 'fri' }, cal, '2027-01-01')).toEqual(['2026-12-18', '2026-12-28', '2027-01-01']);
  });
  it('counts lateness in working days', () => {
    expect(lateWorkingDays('2026-12-04', '2026-12-04', utc)).toBe(0);
    expect(lateWorkingDays('2026-12-04', '2026-12-02', utc)).toBe(0);
    expect(lateWorkingDays('2026-12-04', '2026-12-08', utc)).toBe(2);
  });
});
