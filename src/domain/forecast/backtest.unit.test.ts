import { describe, expect, it } from 'vitest';
import { type BacktestTask, runBacktest } from './backtest';
import { replayResiduals } from './drift';
import { createRng } from './prng';

const DAY = 86_400_000;
const T0 = Date.UTC(2020, 0, 1);

function normal(rng: ReturnType<typeof createRng>): number {
  const u = Math.max(rng.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/**
 * Synthetic projects that run one after another. Each task's actual is
 * estimate × exp(level + drift × t + noise) where t goes 0 → 1 through the
 * project: a project-wide drift (the correlated part, different per project)
 * on top of independent task noise.
 */
function syntheticProjects(opts: { projects: number; tasks: number; driftSd: number; noiseSd: number; seed: number }): BacktestTask[] {
  const rng = createRng(opts.seed);
  const tasks: BacktestTask[] = [];
  let row = 2;
  for (let p = 0; p < opts.projects; p++) {
    const level = 0.2 * normal(rng);
    const drift = 0.1 + opts.driftSd * normal(rng);
    const start = T0 + p * 60 * DAY;
    for (let i = 0; i < opts.tasks; i++) {
      const estimate = 10 + Math.floor(rng.next() * 90);
      const t = i / opts.tasks;
      const ratio = Math.exp(level + drift * t + opts.noiseSd * normal(rng));
      tasks.push({ project: `P${p}`, estimator: `e${i % 4}`, estimate, actual: estimate * ratio, completedAt: start + i * 3_600_000, row: row++ });
    }
  }
  return tasks;
}

describe('replayResiduals', () => {
  it('is zero when every task has the same ratio and measures a known step change', () => {
    const flat = Array.from({ length: 100 }, () => ({ estimate: 10, actual: 20 }));
    for (const r of replayResiduals(flat)) {
      expect(r.logResidual).toBeCloseTo(0, 12);
      expect(r.perItemLogMedian).toBeCloseTo(0, 12); // constant ratios: no per-item skew either
    }
    // The first half runs at ratio 1, the second at ratio 2: at the 50% cut the rest ran 2× the history's ratio.
    const step = Array.from({ length: 100 }, (_, i) => ({ estimate: 10, actual: i < 50 ? 10 : 20 }));
    const half = replayResiduals(step, [0.5]);
    expect(half).toHaveLength(1);
    expect(half[0]).toMatchObject({ progress: 0.5, logResidual: Math.log(2) });
    expect(half[0]!.perItemLogMedian).toBeCloseTo(0, 12);
  });
});

describe('runBacktest', () => {
  it('forecasts exactly when every task takes exactly twice its estimate', () => {
    const tasks: BacktestTask[] = Array.from({ length: 150 }, (_, i) => ({
      project: 'A',
      estimator: null,
      estimate: 5 + (i % 4),
      actual: 2 * (5 + (i % 4)),
      completedAt: T0 + i * DAY,
      row: i + 2,
    }));
    // Exactness needs the team's history alone (no shrinkage towards the CESAW prior).
    const report = runBacktest(tasks, { trials: 200, forecast: { teamWeighting: 'threshold' } });
    expect(report.summary.checkpoints).toBe(17);
    expect(report.summary.rawEstimateHitRate).toBe(0);
    const checkpoints = report.details[0]!.checkpoints;
    // At 10% only 15 tasks are known, too few to replay (20), so that checkpoint visibly uses the prior.
    expect(checkpoints.filter((c) => c.sharedSource === 'prior').map((c) => c.fraction)).toEqual([0.1]);
    for (const c of checkpoints.filter((x) => x.sharedSource === 'own-history')) {
      expect(c.p50 / c.actualRemaining).toBeCloseTo(1, 9);
      expect(c.p95 / c.actualRemaining).toBeCloseTo(1, 9);
    }
    expect(checkpoints.filter((c) => c.sharedSource === 'own-history')).toHaveLength(16);
  });

  it('skips small projects and uses only projects that finished earlier', () => {
    const tasks = syntheticProjects({ projects: 5, tasks: 120, driftSd: 0.3, noiseSd: 0.5, seed: 3 });
    tasks.push({ project: 'tiny', estimator: null, estimate: 1, actual: 1, completedAt: T0, row: 99_999 });
    const report = runBacktest(tasks, { trials: 200 });
    expect(report.skippedProjects).toEqual([{ project: 'tiny', tasks: 1 }]);
    expect(report.summary.projects.map((p) => p.project)).toEqual(['P0', 'P1', 'P2', 'P3', 'P4']);
    // P0..P2 have fewer than three finished predecessors, so they replay their own history
    // (the prior only at 10% and 15%, where fewer than 20 tasks are known); P3 and P4 have three and four.
    expect(report.summary.projects[0]!.sharedSources).toEqual({ prior: 2, 'own-history': 15 });
    expect(report.summary.projects[3]!.sharedSources).toEqual({ 'completed-projects': 17 });
  });

  it('is calibrated on synthetic correlated projects, where independent sampling is not', () => {
    const tasks = syntheticProjects({ projects: 40, tasks: 200, driftSd: 0.35, noiseSd: 0.6, seed: 1 });
    // The models themselves, before any recalibration from their track record.
    const shared = runBacktest(tasks, { trials: 1000, seed: 4, recalibration: 'none', dateTrials: 0, forecast: { teamWeighting: 'threshold' } }).summary;
    const independent = runBacktest(tasks, { trials: 1000, seed: 4, model: 'independent', recalibration: 'none', dateTrials: 0, forecast: { teamWeighting: 'threshold' } }).summary;
    expect(shared.checkpoints).toBe(40 * 17);
    expect(shared.hitRate.p50).toBeGreaterThan(0.38);
    expect(shared.hitRate.p50).toBeLessThan(0.62);
    expect(shared.hitRate.p85).toBeGreaterThan(0.75);
    expect(shared.hitRate.p95).toBeGreaterThan(0.87);
    // Without the shared multiplier the ranges are far too narrow at the top.
    expect(independent.hitRate.p95).toBeLessThan(0.8);
    expect(shared.hitRate.p95 - independent.hitRate.p95).toBeGreaterThan(0.15);
    const pooledCheck = shared.projects.reduce((s, p) => s + p.hitRate.p85 * p.checkpoints, 0) / shared.checkpoints;
    expect(pooledCheck).toBeCloseTo(shared.hitRate.p85, 12);
  }, 60_000);

  it('recalibration from the track record of finished projects repairs a model that is too narrow', () => {
    const tasks = syntheticProjects({ projects: 30, tasks: 150, driftSd: 0.35, noiseSd: 0.6, seed: 1 });
    // Synthetic teams are nothing like CESAW, so the shrinkage towards its prior is off here.
    const forecast = { teamWeighting: 'threshold' } as const;
    const raw = runBacktest(tasks, { trials: 500, seed: 4, model: 'independent', recalibration: 'none', dateTrials: 0, forecast });
    const fixed = runBacktest(tasks, { trials: 500, seed: 4, model: 'independent', dateTrials: 0, forecast });
    expect(raw.summary.hitRate.p95).toBeLessThan(0.8);
    // The first three projects to finish have nothing to learn from, so the pooled rate stays a little short of 95%.
    expect(fixed.summary.hitRate.p95).toBeGreaterThan(0.82);
    expect(fixed.summary.hitRate.p95 - raw.summary.hitRate.p95).toBeGreaterThan(0.1);
    expect(fixed.summary.hitRate.p50).toBeGreaterThan(0.3);
    expect(fixed.summary.hitRate.p50).toBeLessThan(0.65);
    // Never from the future: the first projects to finish have no track record before them, so they are not corrected.
    const first = fixed.details.flatMap((d) => d.checkpoints).sort((a, b) => a.at - b.at).slice(0, 17);
    expect(first.every((c) => c.effortCorrection === null)).toBe(true);
    expect(fixed.details.flatMap((d) => d.checkpoints).some((c) => c.effortCorrection !== null)).toBe(true);
  }, 60_000);

  it('never uses the future: changing what happens after a moment leaves every forecast made before it as it was', () => {
    // Overlapping projects (a new one every 3 days, each about 3 weeks long), so later checkpoints see finished
    // projects (replays, pace drift, track record) and running ones (censored in the corrections).
    const tasks = syntheticProjects({ projects: 12, tasks: 150, driftSd: 0.3, noiseSd: 0.5, seed: 11 }).map((t) => {
      const p = Number(t.project.slice(1));
      const i = t.row;
      return { ...t, completedAt: T0 + p * 3 * DAY + (i % 150) * 3 * 3_600_000 + (i % 7) * 60_000 };
    });
    const moment = [...tasks].sort((a, b) => a.completedAt - b.completedAt)[Math.floor(tasks.length * 0.6)]!.completedAt;
    // after the moment: other actuals, and every later task finishes 5 days later (so projects end later too)
    const future = tasks.map((t) => (t.completedAt > moment ? { ...t, actual: t.actual * 3, completedAt: t.completedAt + 5 * DAY } : t));
    const options = { trials: 300, dateTrials: 300, seed: 2 };
    const a = runBacktest(tasks, options).details.flatMap((d) => d.checkpoints.map((c) => ({ project: d.project, ...c })));
    const b = runBacktest(future, options).details.flatMap((d) => d.checkpoints.map((c) => ({ project: d.project, ...c })));
    const forecastOf = (c: (typeof a)[number]) => ({ p: c.project, f: c.fraction, q: [c.p05, c.p50, c.p85, c.p95], date: c.date, fix: c.effortCorrection, pace: c.paceResiduals, open: c.openInRecord });
    const before = a.filter((c) => c.at <= moment);
    expect(before.length).toBeGreaterThan(60);
    // Corrections, the pace drift and censored records were all in play before the moment.
    expect(before.some((c) => c.effortCorrection !== null)).toBe(true);
    expect(before.some((c) => c.paceResiduals > 0)).toBe(true);
    expect(before.some((c) => c.openInRecord > 0)).toBe(true);
    expect(b.filter((c) => c.at <= moment).map(forecastOf)).toEqual(before.map(forecastOf));
    // …and the change did reach the forecasts made after it (the test can fail).
    expect(b.filter((c) => c.at > moment).map(forecastOf)).not.toEqual(a.filter((c) => c.at > moment).map(forecastOf));
  }, 60_000);

  it('is reproducible for a seed', () => {
    const tasks = syntheticProjects({ projects: 4, tasks: 110, driftSd: 0.3, noiseSd: 0.5, seed: 8 });
    expect(runBacktest(tasks, { trials: 300, seed: 5 }).summary).toEqual(runBacktest(tasks, { trials: 300, seed: 5 }).summary);
  });
});
