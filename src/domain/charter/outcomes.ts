/**
 * Share of the way from baseline to target, clamped to 0..1. Works for
 * indicators that should fall (target below baseline) as well as rise.
 */
export function outcomeProgress(baseline: number, target: number, current: number): number {
  if (target === baseline) return current === target ? 1 : 0;
  const p = (current - baseline) / (target - baseline);
  if (!Number.isFinite(p)) return 0;
  return Math.min(1, Math.max(0, p));
}
