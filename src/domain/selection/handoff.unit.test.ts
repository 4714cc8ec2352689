import { describe, expect, it } from 'vitest';
import { baselineOf, charterPurpose, concernsOf, scoresHash } from './handoff';

const criteria = [
  { key: 'business_understanding', label: 'Understands our business', weight: 50 },
  { key: 'risk_openness', label: 'Open about risks', weight: 30 },
  { key: 'beyond_scope', label: 'Thinks beyond scope', weight: 20 },
];
const scores = [
  { evaluatorId: 'a', criterion: 'business_understanding', score: 4, comment: '' },
  { evaluatorId: 'b', criterion: 'business_understanding', score: 5, comment: '' },
  { evaluatorId: 'a', criterion: 'risk_openness', score: 1, comment: 'Named no risk at all' },
  { evaluatorId: 'b', criterion: 'risk_openness', score: 4, comment: 'Fine' },
  { evaluatorId: 'a', criterion: 'beyond_scope', score: 2, comment: 'Only the brief' },
  { evaluatorId: 'b', criterion: 'beyond_scope', score: 2, comment: '' },
];

describe('the selection’s handoff', () => {
  it('baseline: mean, min and max per criterion; null where nobody scored', () => {
    expect(baselineOf(criteria, scores)).toEqual([
      { ...criteria[0], mean: 4.5, min: 4, max: 5 },
      { ...criteria[1], mean: 2.5, min: 1, max: 4 },
      { ...criteria[2], mean: 2, min: 2, max: 2 },
    ]);
    expect(baselineOf(criteria, [])[0]).toMatchObject({ mean: null, min: null, max: null });
  });

  it('concerns: below 3 is a risk (with the low scores’ comments), a spread of two points an assumption', () => {
    const c = concernsOf(baselineOf(criteria, scores), scores);
    expect(c.map((x) => `${x.kind}:${x.criterion}`)).toEqual(['risk:risk_openness', 'assumption:risk_openness', 'risk:beyond_scope']);
    expect(c[0]!.text).toContain('“Named no risk at all”');
    expect(c[0]!.text).not.toContain('Fine');
    expect(c[2]!.text).toBe('Thinks beyond scope: scored 2 of 5 in the selection — “Only the brief”');
    const purpose = charterPurpose('Portal partner', c);
    expect(purpose.split('\n')).toHaveLength(4);
    expect(purpose).toContain('- Assumption to discuss: Open about risks: the evaluators disagreed (1 to 4 of 5)');
    expect(charterPurpose('Portal partner', [])).toContain('raised no concerns');
  });

  it('the sealed hash depends on the salt and on every score and comment, not on their order', () => {
    const s = [
      { criterion: 'b', score: 3, comment: 'x' },
      { criterion: 'a', score: 4, comment: '' },
    ];
    const h = scoresHash('salt-1', s);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(scoresHash('salt-1', [...s].reverse())).toBe(h);
    expect(scoresHash('salt-2', s)).not.toBe(h);
    expect(scoresHash('salt-1', [{ ...s[0]!, score: 2 }, s[1]!])).not.toBe(h);
    expect(scoresHash('salt-1', [{ ...s[0]!, comment: 'y' }, s[1]!])).not.toBe(h);
  });
});
