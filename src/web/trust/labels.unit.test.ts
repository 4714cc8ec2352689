import { describe, expect, it } from 'vitest';
import { webPathOf } from './labels';

describe('evidence links', () => {
  const E = '/api/v1/engagements/e1';
  it('maps an object’s API path onto its page', () => {
    expect(webPathOf(`${E}/commitments/c1`)).toBe('/engagements/e1/commitments/c1');
    expect(webPathOf(`${E}/raid/r1`)).toBe('/engagements/e1/raid/r1');
    expect(webPathOf(`${E}/status-updates/s1`)).toBe('/engagements/e1/status-updates/s1');
    expect(webPathOf(`${E}/phases/p1`)).toBe('/engagements/e1/phases');
  });
  it('maps the lists aggregates count onto their pages', () => {
    expect(webPathOf(`${E}/time-entries/totals`)).toBe('/engagements/e1/time');
    expect(webPathOf(`${E}/forecasts/calibration`)).toBe('/engagements/e1/forecast');
    expect(webPathOf(`${E}/status-updates`)).toBe('/engagements/e1/status-updates');
  });
  it('links nothing it does not know', () => {
    expect(webPathOf(null)).toBeNull();
    expect(webPathOf('https://elsewhere.example/x')).toBeNull();
  });
});
