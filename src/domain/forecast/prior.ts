/**
 * The CESAW prior: what the forecast assumes when a team has too little
 * history of its own (fewer than `minTeamHistory` finished items).
 *
 * How it was fitted (re-derive with
 *   candor forecast fit-prior --csv /work/shared/data/cesaw/tasks.csv.gz --map cesaw
 * or run prior.unit.test.ts, which compares a fresh fit with these numbers
 * when the data file is present):
 *  - data: CESAW task facts, tasks with plan > 0, actual > 0 and a
 *    completion date (60576 tasks, 45 projects, 2010-05-24 to 2017-07-05);
 *  - taskRatioPool: the actual/plan ratio at estimate-weighted quantile
 *    levels (k + 0.5)/128, k = 0..127. Resampling it uniformly is resampling
 *    tasks with probability proportional to their estimate, so its mean is
 *    close to the pooled ratio Σactual/Σplan = 1.1024;
 *  - projectLevelLogQuantiles: log(project Σactual/Σplan ÷ pooled ratio) at
 *    0%, 5%, ..., 100% over the 39 projects with at least 100 tasks: how far a
 *    whole project's level sits from the pool. It is the shared multiplier
 *    for a team with no usable history;
 *  - driftLogQuantilesByProgress: replay residuals (drift.ts
 *    `replayResiduals`) of the same 39 projects at 10%, 15%, ..., 90% of
 *    their tasks, net of their per-item skew (drift.ts `driftValue`), split
 *    by progress (completed share of the estimate) into thirds, quantiles at
 *    0%, 5%, ..., 100%. Used when a team has history
 *    but neither completed projects nor enough items to replay its own.
 * Values are rounded to 4 decimals.
 */

import type { PriorConstants } from './prior-fit';

export const PRIOR: PriorConstants = {
  fittedOn: { tasks: 60576, projects: 45, replayProjects: 39, from: '2010-05-24', to: '2017-07-05' },
  pooledRatio: 1.1024,
  taskRatioPool: [
    0.0101, 0.0233, 0.0389, 0.0535, 0.0672, 0.0833, 0.0972, 0.1111, 0.125, 0.14,
    0.1517, 0.166, 0.1783, 0.1961, 0.2091, 0.2244, 0.2386, 0.25, 0.2667, 0.2826,
    0.2998, 0.3164, 0.3333, 0.3444, 0.3611, 0.375, 0.3896, 0.4062, 0.4206, 0.4333,
    0.45, 0.4667, 0.4833, 0.5, 0.5084, 0.5254, 0.5417, 0.5556, 0.5732, 0.5905,
    0.6052, 0.622, 0.6333, 0.6511, 0.6667, 0.6783, 0.6944, 0.7083, 0.7238, 0.7361,
    0.75, 0.7631, 0.7772, 0.7908, 0.8022, 0.8193, 0.8333, 0.8442, 0.8583, 0.8711,
    0.8833, 0.8938, 0.9057, 0.9167, 0.9289, 0.9394, 0.9524, 0.963, 0.9738, 0.9823,
    0.9899, 0.9993, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1.0035, 1.0111, 1.0184, 1.028, 1.0406, 1.0508, 1.0667,
    1.0822, 1.0965, 1.1092, 1.1235, 1.1429, 1.1667, 1.1884, 1.21, 1.2333, 1.2564,
    1.2821, 1.3089, 1.3333, 1.3611, 1.3944, 1.426, 1.4629, 1.5, 1.5339, 1.5916,
    1.6532, 1.7, 1.7656, 1.838, 1.9043, 1.9889, 2.0667, 2.1583, 2.2943, 2.4275,
    2.5844, 2.7917, 3.0741, 3.4709, 3.9345, 4.6296, 5.8167, 9.8333,
  ],
  projectLevelLogQuantiles: [
    -0.454, -0.2428, -0.1716, -0.1451, -0.1275, -0.1079, -0.0884,
    -0.0629, -0.0467, -0.0185, 0.0069, 0.0128, 0.038, 0.0531,
    0.1146, 0.1363, 0.1563, 0.2001, 0.224, 0.245, 0.2634,
  ],
  driftLogQuantilesByProgress: [
    {
      upTo: 0.3333,
      quantiles: [
        -0.3411, -0.1954, -0.0986, -0.0482, -0.0007, 0.0462, 0.0686,
        0.0928, 0.1173, 0.131, 0.1565, 0.1721, 0.1933, 0.2065,
        0.2205, 0.2422, 0.2725, 0.3175, 0.3595, 0.4207, 0.8665,
      ],
    },
    {
      upTo: 0.6667,
      quantiles: [
        -0.5631, -0.2328, -0.1307, -0.0874, -0.0535, -0.0226, -0.0107,
        0.0139, 0.043, 0.055, 0.0757, 0.1047, 0.1314, 0.1568,
        0.1697, 0.1918, 0.2112, 0.2334, 0.2839, 0.3153, 0.5692,
      ],
    },
    {
      upTo: 1,
      quantiles: [
        -0.5662, -0.2637, -0.1965, -0.1584, -0.1213, -0.0864, -0.063,
        -0.0342, -0.0026, 0.017, 0.0319, 0.0589, 0.0903, 0.1196,
        0.1463, 0.1904, 0.2278, 0.2672, 0.3321, 0.3852, 0.7354,
      ],
    },
  ],
};
