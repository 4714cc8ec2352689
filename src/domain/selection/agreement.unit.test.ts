import { describe, expect, it } from 'vitest';
import {
  agreementSentence,
  coincidences,
  krippendorffAlpha,
  type Rating,
  readAlpha,
  type ScoreCell,
  selectionAgreement,
} from './agreement';

/** A reliability data matrix, raters × units, null for a missing value. */
function matrix(rows: Record<string, (number | null)[]>): Rating[] {
  const out: Rating[] = [];
  for (const [rater, values] of Object.entries(rows)) {
    values.forEach((value, i) => {
      if (value !== null) out.push({ unit: `u${i + 1}`, rater, value });
    });
  }
  return out;
}

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
// four observers, twelve units, missing values.
const paperC = matrix({
  A: [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
  B: [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
  C: [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
  D: [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
});

describe("Krippendorff's alpha against the paper's worked examples", () => {
  it('section C: 40 pairable values in 11 units; the coincidence margins of the paper', () => {
    const c = coincidences(paperC);
    expect(c.n).toBeCloseTo(40, 10);
    expect(c.units).toBe(11); // unit 12 has one value and is not pairable
    expect(c.values).toEqual([1, 2, 3, 4, 5]);
    // n_c as printed in the paper: 9, 13, 10, 5, 3
    expect(c.margins.map((m) => Math.round(m * 1000) / 1000)).toEqual([9, 13, 10, 5, 3]);
    // o_11 = 7 (units 1, 8 and 11) and o_12 = 4/3 (units 6 and 8), as in the paper's matrix
    expect(c.o[0]![0]).toBeCloseTo(7, 10);
    expect(c.o[0]![1]).toBeCloseTo(4 / 3, 10);
  });

  it('section C: nominal 0.743, ordinal 0.815, interval 0.849', () => {
    expect(krippendorffAlpha(paperC, 'nominal').alpha).toBeCloseTo(0.743, 3);
    expect(krippendorffAlpha(paperC, 'ordinal').alpha).toBeCloseTo(0.815, 3);
    expect(krippendorffAlpha(paperC, 'interval').alpha).toBeCloseTo(0.849, 3);
    expect(krippendorffAlpha(paperC).alpha).toBeCloseTo(0.815, 3); // ordinal is the default
  });

  it('section A: two observers, binary data, nominal alpha 0.095', () => {
    const paperA = matrix({
      A: [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
      B: [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
    });
    expect(krippendorffAlpha(paperA, 'nominal').alpha).toBeCloseTo(0.095, 3);
  });

  it('rater and unit order do not matter; a value outside the data does not change ordinal alpha', () => {
    const shuffled = [...paperC].reverse();
    expect(krippendorffAlpha(shuffled, 'ordinal').alpha).toBeCloseTo(0.815, 3);
    // a single-valued extra unit is not pairable and changes nothing
    expect(krippendorffAlpha([...paperC, { unit: 'extra', rater: 'A', value: 9 }], 'ordinal').alpha).toBeCloseTo(0.815, 3);
  });

  it('perfect agreement with variation is 1; systematic disagreement is below 0', () => {
    const perfect = matrix({ A: [1, 2, 3, 4, 5], B: [1, 2, 3, 4, 5], C: [1, 2, 3, 4, 5] });
    expect(krippendorffAlpha(perfect, 'ordinal').alpha).toBe(1);
    const opposite = matrix({ A: [1, 5, 1, 5], B: [5, 1, 5, 1] });
    expect(krippendorffAlpha(opposite, 'ordinal').alpha!).toBeLessThan(0);
  });

  it('degenerate: one rater, or no unit rated twice, is undefined (insufficient)', () => {
    const one = matrix({ A: [1, 2, 3, 4] });
    expect(krippendorffAlpha(one)).toMatchObject({ alpha: null, reason: 'insufficient', pairable: 0 });
    const disjoint = matrix({ A: [1, null], B: [null, 4] });
    expect(krippendorffAlpha(disjoint)).toMatchObject({ alpha: null, reason: 'insufficient' });
    expect(krippendorffAlpha([])).toMatchObject({ alpha: null, reason: 'insufficient' });
  });

  it('degenerate: every value identical is undefined (no variation), not a fake 1', () => {
    const same = matrix({ A: [3, 3, 3], B: [3, 3, 3] });
    const r = krippendorffAlpha(same);
    expect(r).toMatchObject({ alpha: null, reason: 'no-variation', pairable: 6 });
    expect(readAlpha(r)).toBe('no-variation');
  });

  it('a rater scoring a unit twice counts once (the last value)', () => {
    const twice = [...matrix({ A: [1, 2, 3], B: [1, 2, 3] }), { unit: 'u1', rater: 'A', value: 1 }];
    expect(krippendorffAlpha(twice).alpha).toBe(1);
  });
});

describe('readings', () => {
  it("uses Krippendorff's 0.8 and 0.667 thresholds", () => {
    const r = (alpha: number) => readAlpha({ alpha, pairable: 10, units: 5, reason: 'ok' });
    expect(r(0.8)).toBe('good');
    expect(r(0.79)).toBe('tentative');
    expect(r(0.667)).toBe('tentative');
    expect(r(0.66)).toBe('poor');
    expect(r(-0.2)).toBe('poor');
  });

  it('says it in plain words, naming the criterion', () => {
    expect(agreementSentence('good', 'risk transparency')).toBe('Evaluators agree well on risk transparency.');
    expect(agreementSentence('poor', 'risk transparency')).toMatch(/^Evaluators agree poorly on risk transparency/);
    expect(agreementSentence('no-variation')).toMatch(/same score/);
  });
});

describe('agreement of a selection', () => {
  const cells: ScoreCell[] = [];
  const put = (evaluatorId: string, candidateId: string, criterion: string, score: number) =>
    cells.push({ evaluatorId, candidateId, criterion, score });
  // on risk_openness the three evaluators agree; on beyond_scope they do not
  for (const e of ['e1', 'e2', 'e3']) {
    put(e, 'a', 'risk_openness', 5);
    put(e, 'b', 'risk_openness', 3);
    put(e, 'c', 'risk_openness', 1);
  }
  put('e1', 'a', 'beyond_scope', 1);
  put('e2', 'a', 'beyond_scope', 5);
  put('e3', 'a', 'beyond_scope', 3);
  put('e1', 'b', 'beyond_scope', 5);
  put('e2', 'b', 'beyond_scope', 1);
  put('e3', 'b', 'beyond_scope', 2);
  put('e1', 'c', 'beyond_scope', 3);
  put('e2', 'c', 'beyond_scope', 3);

  it('per criterion, units are candidates; overall, units are candidate × criterion', () => {
    const a = selectionAgreement(cells, ['risk_openness', 'beyond_scope', 'outcomes_focus']);
    expect(a.byCriterion.risk_openness).toMatchObject({ alpha: 1, reading: 'good', units: 3 });
    expect(a.byCriterion.beyond_scope!.alpha!).toBeLessThan(0.667);
    expect(a.byCriterion.beyond_scope!.reading).toBe('poor');
    expect(a.byCriterion.outcomes_focus).toMatchObject({ alpha: null, reading: 'insufficient' });
    expect(a.overall.units).toBe(6);
    // the overall figure lies between the two criteria's
    expect(a.overall.alpha!).toBeLessThan(1);
    expect(a.overall.alpha!).toBeGreaterThan(a.byCriterion.beyond_scope!.alpha!);
  });
});
