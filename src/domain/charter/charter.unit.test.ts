import { describe, expect, it } from 'vitest';
import { accept, awaiting, charterProblems } from './agreement';
import { outcomeProgress } from './outcomes';

describe('charter agreement', () => {
  const proposedByProvider = { status: 'proposed' as const, providerAccepted: true, clientAccepted: false };
  it('is agreed when the second side accepts', () => {
    expect(awaiting(proposedByProvider)).toBe('client');
    expect(accept(proposedByProvider, 'client')).toEqual({ kind: 'accepted', agreed: true });
    expect(accept(proposedByProvider, 'provider')).toMatchObject({ kind: 'rejected' });
    expect(accept({ ...proposedByProvider, status: 'superseded' }, 'client')).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('superseded') });
  });
  it('finds duplicate decision kinds, strangers on the ladder and repeated outcome keys', () => {
    const problems = charterProblems(
      {
        collaboration: [{ decisionKind: 'Scope' }, { decisionKind: 'scope' }],
        escalation: [{ userId: 'u1' }, { userId: 'u9' }, { userId: null }],
        outcomes: [{ key: 'k', title: 'a' }, { key: 'k', title: 'b' }],
      },
      new Set(['u1']),
    );
    expect(problems.map((p) => p.field)).toEqual(['body.collaboration.1.decisionKind', 'body.escalation.1.userId', 'body.outcomes.1.key']);
  });
});

describe('outcome progress', () => {
  it('works for rising and falling indicators and clamps', () => {
    expect(outcomeProgress(35, 80, 52)).toBeCloseTo(17 / 45);
    expect(outcomeProgress(26, 4, 15)).toBeCloseTo(0.5);
    expect(outcomeProgress(26, 4, 30)).toBe(0);
    expect(outcomeProgress(0, 10, 12)).toBe(1);
    expect(outcomeProgress(5, 5, 5)).toBe(1);
  });
});
