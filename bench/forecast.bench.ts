/**
 * Forecast engine speed: a full forecast (10,000 trials × 2,000 remaining
 * items, per-estimator pools, level bootstrap, shared multiplier, sorting
 * and summaries) against a bare loop that draws the same number of random
 * samples (20 million) into a Float64Array with the same generator.
 * The target is a ratio within about 3×.
 *
 * Run alone with `npx tsx bench/forecast.bench.ts`; `npm run bench` calls
 * `benchForecast()` and adds its rows to bench/results/latest.*.
 */

import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { completedProjectReplay } from '../src/domain/forecast/drift';
import { forecastRemainingEffort } from '../src/domain/forecast/forecast';
import { createRng, seedState } from '../src/domain/forecast/prng';
import type { CompletedProjectReplay, ForecastInput, HistoryPair, RemainingItem } from '../src/domain/forecast/types';

/** Same shape as the rows of bench/run.ts. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  ratio: number;
}

const TRIALS = 10_000;
const ITEMS = 2_000;
const HISTORY = 1_000;
const ESTIMATORS = 12;
const REPEATS = 7;

function lognormal(rng: ReturnType<typeof createRng>, mu: number, sigma: number): number {
  const u = Math.max(rng.next(), 1e-12);
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
  return Math.exp(mu + sigma * z);
}

/** A synthetic but realistic input: skewed estimates, noisy ratios, a few finished projects. */
export function benchInput(): ForecastInput {
  const rng = createRng(20240601);
  const items: RemainingItem[] = Array.from({ length: ITEMS }, (_, i) => ({
    id: `item-${i}`,
    estimate: Math.round(lognormal(rng, 4, 0.9)),
    estimatorId: `person-${i % ESTIMATORS}`,
  }));
  const start = Date.UTC(2024, 0, 1);
  const team: HistoryPair[] = Array.from({ length: HISTORY }, (_, i) => {
    const estimate = Math.max(1, Math.round(lognormal(rng, 4, 0.9)));
    return {
      estimate,
      actual: Math.round(estimate * lognormal(rng, 0.05, 0.6)),
      completedAt: start + i * 3_600_000,
      estimatorId: `person-${i % ESTIMATORS}`,
    };
  });
  const completedProjects: CompletedProjectReplay[] = [];
  for (let p = 0; p < 5; p++) {
    const pairs = Array.from({ length: 400 }, (_, i) => {
      const estimate = Math.max(1, Math.round(lognormal(rng, 4, 0.9)));
      return { estimate, actual: estimate * lognormal(rng, 0.1 + (0.3 * i) / 400, 0.6) };
    });
    const replay = completedProjectReplay(`done-${p}`, start - (p + 1) * 86_400_000, pairs);
    if (replay) completedProjects.push(replay);
  }
  return { items, history: { team, completedProjects }, options: { trials: TRIALS, seed: 7 } };
}

/** The baseline: trials × items xoshiro128** draws written into a Float64Array, nothing else. */
export function bareDraws(trials: number, items: number, seed: number): Float64Array {
  const state = seedState(seed);
  let s0 = state[0]! | 0;
  let s1 = state[1]! | 0;
  let s2 = state[2]! | 0;
  let s3 = state[3]! | 0;
  const out = new Float64Array(trials);
  for (let i = 0; i < items; i++) {
    for (let t = 0; t < trials; t++) {
      const m = Math.imul(s1, 5);
      const r = Math.imul((m << 7) | (m >>> 25), 9);
      const x = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= x;
      s3 = (s3 << 11) | (s3 >>> 21);
      out[t] = (r >>> 0) * (1 / 4294967296);
    }
  }
  return out;
}

/** The same count of Math.random() draws, for reference only (unseeded). */
function mathRandomDraws(trials: number, items: number): Float64Array {
  const out = new Float64Array(trials);
  for (let i = 0; i < items; i++) for (let t = 0; t < trials; t++) out[t] = Math.random();
  return out;
}

function medianMs(run: () => unknown): number {
  let sink = 0;
  for (let w = 0; w < 2; w++) sink += Number(Boolean(run()));
  const times: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    sink += Number(Boolean(run()));
    times.push(performance.now() - t0);
  }
  if (sink < 0) console.log(sink); // keeps the results observable
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export function benchForecast(): BenchRow[] {
  const input = benchInput();
  const forecastMs = medianMs(() => forecastRemainingEffort(input));
  const bareMs = medianMs(() => bareDraws(TRIALS, ITEMS, 7));
  const mathRandomMs = medianMs(() => mathRandomDraws(TRIALS, ITEMS));
  const ratio = forecastMs / bareMs;
  console.log(
    `forecast ${TRIALS.toLocaleString('en-US')} trials × ${ITEMS.toLocaleString('en-US')} items: ${forecastMs.toFixed(1)} ms; ` +
      `bare xoshiro128** loop, same ${(TRIALS * ITEMS).toLocaleString('en-US')} draws: ${bareMs.toFixed(1)} ms; ` +
      `ratio ${ratio.toFixed(2)}× (target ≤ ~3×). Math.random loop for reference: ${mathRandomMs.toFixed(1)} ms.`,
  );
  return [
    {
      name: `forecast: ${TRIALS} trials × ${ITEMS} items vs bare draw loop`,
      value: Math.round(forecastMs * 10) / 10,
      unit: 'ms',
      baseline: Math.round(bareMs * 10) / 10,
      ratio: Math.round(ratio * 100) / 100,
    },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchForecast();
}
