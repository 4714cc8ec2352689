import { describe, expect, it } from 'vitest';
import { can, canEditNote, canSee, changeVisibility, invitableRoles, POLICY, ROLES, sideOf, visibleVisibilities } from './policy';

describe('engagement policy', () => {
  it('internal content is for the provider side only', () => {
    expect(ROLES.filter((r) => canSee(r, 'internal'))).toEqual(['lead', 'member']);
    expect(ROLES.every((r) => canSee(r, 'shared'))).toBe(true);
    expect(visibleVisibilities('sponsor')).toEqual(['shared']);
  });

  it('every action names at least one role, and only known roles', () => {
    for (const [action, roles] of Object.entries(POLICY)) {
      expect(roles.length, action).toBeGreaterThan(0);
      for (const r of roles) expect(ROLES).toContain(r);
    }
  });

  it('sides, invitations and note editing', () => {
    expect(ROLES.map(sideOf)).toEqual(['provider', 'provider', 'client', 'client']);
    expect(invitableRoles('sponsor')).toEqual(['sponsor', 'stakeholder']);
    expect(invitableRoles('member')).toEqual([]);
    expect(can('stakeholder', 'charter.propose')).toBe(false);
    expect(canEditNote('member', 'u1', { authorId: 'u1' })).toBe(true);
    expect(canEditNote('member', 'u1', { authorId: 'u2' })).toBe(false);
    expect(canEditNote('lead', 'u1', { authorId: 'u2' })).toBe(true);
  });

  it('a change touching internal content is internal, in either direction', () => {
    expect(changeVisibility({ visibility: 'internal' }, { visibility: 'shared' })).toBe('internal');
    expect(changeVisibility({ visibility: 'shared' }, { visibility: 'internal' })).toBe('internal');
    expect(changeVisibility(null, { visibility: 'shared' })).toBe('shared');
    expect(changeVisibility({ visibility: 'shared' }, null)).toBe('shared');
  });
});
