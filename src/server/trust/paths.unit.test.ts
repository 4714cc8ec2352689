import { describe, expect, it } from 'vitest';
import { computeTrust } from '../../domain/trust';
import { SimEngagement } from '../../domain/trust/simulate';
import { trustPath } from './service';

describe('trust evidence paths and aggregate wording', () => {
  it('an object without a page of its own (a stored forecast) links to the list it is part of, never to nothing', () => {
    expect(trustPath('E', 'forecast', '0190aaaa-0000-7000-8000-000000000000')).toBe('/api/v1/engagements/E/forecasts/calibration');
    expect(trustPath('E', 'commitment', 'c1')).toBe('/api/v1/engagements/E/commitments/c1');
    expect(trustPath('E', 'time_entry', null)).toBe('/api/v1/engagements/E/time-entries/totals');
  });

  it('one time entry is "1 time entry", not "1 time entrie"', () => {
    const sim = new SimEngagement();
    const t0 = Date.parse('2026-03-02T08:00:00Z');
    sim.start(t0);
    sim.timeEntry(t0 + 3_600_000, '2026-03-02');
    const r = computeTrust(sim.records, { asOf: '2026-03-03', paths: () => null });
    const agg = r.provider.components.flatMap((c) => c.evidence).find((e) => e.title === 'Time entries')!;
    expect(agg.explanation).toBe('100% of 1 time entry logged within 2 working days.');
  });
});
