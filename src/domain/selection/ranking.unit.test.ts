import { describe, expect, it } from 'vitest';
import type { ScoreCell } from './agreement';
import { checkWeights, criteriaToDiscuss, rankCandidates, toPoints, weightedScore } from './ranking';

const criteria = [
  { key: 'business_understanding', weight: 40 },
  { key: 'risk_openness', weight: 60 },
];

function cells(rows: [evaluator: string, candidate: string, criterion: string, score: number][]): ScoreCell[] {
  return rows.map(([evaluatorId, candidateId, criterion, score]) => ({ evaluatorId, candidateId, criterion, score }));
}

describe('weights', () => {
  it('must sum to 100, be non-negative and unique', () => {
    expect(checkWeights(criteria)).toBeNull();
    expect(checkWeights([{ key: 'a', weight: 50 }, { key: 'b', weight: 49 }])).toMatchObject({
      field: 'criteria',
      message: expect.stringMatching(/sum to 100; they sum to 99/),
    });
    expect(checkWeights([{ key: 'a', weight: 110 }, { key: 'b', weight: -10 }])).toMatchObject({ field: 'criteria.1.weight' });
    expect(checkWeights([{ key: 'a', weight: 50 }, { key: 'a', weight: 50 }])).toMatchObject({ field: 'criteria.1.key' });
    expect(checkWeights([])).toMatchObject({ field: 'criteria' });
    expect(checkWeights([{ key: 'a', weight: 33.5 }, { key: 'b', weight: 66.5 }])).toBeNull();
  });
});

describe('scale', () => {
  it('1–5 becomes 0–100 points; the weighted score renormalizes over scored criteria', () => {
    expect([1, 2, 3, 4, 5].map(toPoints)).toEqual([0, 25, 50, 75, 100]);
    expect(weightedScore({ business_understanding: 100, risk_openness: 0 }, criteria)).toBe(40);
    expect(weightedScore({ business_understanding: 100 }, criteria)).toBe(100);
    expect(weightedScore({}, criteria)).toBeNull();
  });
});

describe('ranking', () => {
  const scores = cells([
    ['e1', 'a', 'business_understanding', 5],
    ['e1', 'a', 'risk_openness', 4],
    ['e2', 'a', 'business_understanding', 3],
    ['e2', 'a', 'risk_openness', 4],
    ['e1', 'b', 'business_understanding', 2],
    ['e1', 'b', 'risk_openness', 5],
    ['e2', 'b', 'business_understanding', 2],
    ['e2', 'b', 'risk_openness', 5],
    ['e1', 'c', 'business_understanding', 1],
  ]);

  it('weighted score of the mean, with each evaluator’s own score as the range', () => {
    const { ranking } = rankCandidates({ criteria, candidateIds: ['a', 'b', 'c'], scores });
    const a = ranking.find((r) => r.candidateId === 'a')!;
    // means: bu 4 → 75, risk 4 → 75 ⇒ 75; e1: 0.4·100 + 0.6·75 = 85; e2: 0.4·50 + 0.6·75 = 65
    expect(a.score).toBeCloseTo(75, 10);
    expect(a.min).toBeCloseTo(65, 10);
    expect(a.max).toBeCloseTo(85, 10);
    const b = ranking.find((r) => r.candidateId === 'b')!;
    expect(b.score).toBeCloseTo(0.4 * 25 + 0.6 * 100, 10);
    expect(ranking.map((r) => r.candidateId)).toEqual(['a', 'b', 'c']);
    expect(ranking.map((r) => r.rank)).toEqual([1, 2, 3]);
    const c = ranking[2]!;
    expect(c).toMatchObject({ score: 0, complete: false });
  });

  it('red flags show beside the score: raw and adjusted, penalty or exclusion', () => {
    const flags = [
      { candidateId: 'a', kind: 'hours_and_rates_only' as const },
      { candidateId: 'a', kind: 'hours_and_rates_only' as const },
      { candidateId: 'b', kind: 'yes_to_everything' as const },
    ];
    const none = rankCandidates({ criteria, candidateIds: ['a', 'b'], scores, flags });
    expect(none.ranking.map((r) => [r.candidateId, r.score, r.adjusted])).toEqual([
      ['a', 75, 75],
      ['b', 70, 70],
    ]);
    expect(none.ranking[0]!.flags).toEqual([{ kind: 'hours_and_rates_only', count: 2, effect: 'none', points: 0 }]);

    const penalty = rankCandidates({
      criteria,
      candidateIds: ['a', 'b'],
      scores,
      flags,
      rules: [{ kind: 'hours_and_rates_only', effect: 'cost', points: 10 }],
    });
    expect(penalty.ranking.map((r) => [r.candidateId, r.score, r.adjusted, r.rank, r.rawRank])).toEqual([
      ['b', 70, 70, 1, 2],
      ['a', 75, 55, 2, 1], // two flags of the kind, 10 points each
    ]);

    const excluded = rankCandidates({
      criteria,
      candidateIds: ['a', 'b'],
      scores,
      flags,
      rules: [{ kind: 'yes_to_everything', effect: 'exclude' }],
    });
    const b = excluded.ranking.find((r) => r.candidateId === 'b')!;
    expect(b).toMatchObject({ excluded: true, adjusted: null, rank: null, score: 70, rawRank: 2 });
    expect(excluded.ranking[excluded.ranking.length - 1]!.candidateId).toBe('b');
  });

  it('ties share a rank', () => {
    const tie = cells([
      ['e1', 'a', 'risk_openness', 3],
      ['e1', 'b', 'risk_openness', 3],
      ['e1', 'c', 'risk_openness', 1],
    ]);
    const { ranking } = rankCandidates({ criteria, candidateIds: ['a', 'b', 'c'], scores: tie });
    expect(ranking.map((r) => r.rank)).toEqual([1, 1, 3]);
  });

  it('lack of consensus: two points apart (50 % of the scale) flags, one point (25 %) does not; widest first', () => {
    const spread = cells([
      ['e1', 'a', 'risk_openness', 5],
      ['e2', 'a', 'risk_openness', 4],
      ['e1', 'b', 'risk_openness', 5],
      ['e2', 'b', 'risk_openness', 3],
      ['e1', 'b', 'business_understanding', 1],
      ['e2', 'b', 'business_understanding', 5],
    ]);
    const { ranking, disagreements } = rankCandidates({ criteria, candidateIds: ['a', 'b'], scores: spread });
    expect(ranking.find((r) => r.candidateId === 'a')!.byCriterion.risk_openness).toMatchObject({ spread: 0.25, lackOfConsensus: false });
    expect(disagreements.map((d) => [d.candidateId, d.criterion, d.spread])).toEqual([
      ['b', 'business_understanding', 1],
      ['b', 'risk_openness', 0.5],
    ]);
    expect(disagreements[0]!.scores).toEqual([
      { evaluatorId: 'e1', score: 1 },
      { evaluatorId: 'e2', score: 5 },
    ]);
    const order = criteriaToDiscuss(criteria, ranking, { business_understanding: { alpha: 0.9 }, risk_openness: { alpha: -0.1 } });
    // both lack consensus on one candidate; the lower alpha comes first
    expect(order.map((o) => o.criterion)).toEqual(['risk_openness', 'business_understanding']);
  });

  it('ignores scores of criteria that are not on the scorecard', () => {
    const stray = cells([
      ['e1', 'a', 'risk_openness', 5],
      ['e1', 'a', 'removed_criterion', 1],
    ]);
    expect(rankCandidates({ criteria, candidateIds: ['a'], scores: stray }).ranking[0]!.score).toBe(100);
  });
});
