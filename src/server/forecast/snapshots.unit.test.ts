import { describe, expect, it } from 'vitest';
import { nextSnapshotAt } from './snapshots';

describe('nextSnapshotAt', () => {
  it('is the next Monday 06:00 UTC strictly after now', () => {
    expect(nextSnapshotAt(new Date('2026-11-23T05:00:00Z')).toISOString()).toBe('2026-11-23T06:00:00.000Z'); // Monday, before 06:00
    expect(nextSnapshotAt(new Date('2026-11-23T06:00:00Z')).toISOString()).toBe('2026-11-30T06:00:00.000Z');
    expect(nextSnapshotAt(new Date('2026-11-26T12:00:00Z')).toISOString()).toBe('2026-11-30T06:00:00.000Z'); // Thursday
    expect(nextSnapshotAt(new Date('2026-11-29T23:59:00Z')).toISOString()).toBe('2026-11-30T06:00:00.000Z'); // Sunday
  });
});
