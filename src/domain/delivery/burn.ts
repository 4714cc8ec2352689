/**
 * Budget burn, thresholds and the series behind the progress charts. Pure:
 * every function takes rows already read (and visibility-filtered) by the
 * server and returns plain data.
 */
const DAY = 86_400_000;
const toDay = (iso: string): number => Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
const isoDay = (t: number): string => new Date(t).toISOString().slice(0, 10);
const round = (x: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** Share of a planned period elapsed on `today` (0–100), or null without a plan. */
export function elapsedPercent(start: string | null, end: string | null, today: string): number | null {
  if (!start || !end) return null;
  const s = toDay(start);
  const e = toDay(end) + DAY; // the end day counts as a whole day
  const t = toDay(today) + DAY;
  if (e <= s) return null;
  return round(Math.min(100, Math.max(0, ((t - s) / (e - s)) * 100)), 1);
}

/** Billable spend of one day (visibility-filtered), priced with the rates in force. */
export interface DaySpend {
  date: string;
  minutes: number;
  /** Money: minutes × the person's hourly rate, summed over people with a rate. */
  amount: number;
  /** Minutes of people without a rate (their cost is unknown). */
  unratedMinutes: number;
}

export interface BudgetPlan {
  hours: number | null;
  amount: number | null;
  currency: string;
  thresholds: number[];
  start: string | null;
  end: string | null;
}

export interface Burn {
  spentHours: number;
  spentAmount: number | null;
  remainingHours: number | null;
  remainingAmount: number | null;
  percentSpentHours: number | null;
  percentSpentAmount: number | null;
  percentElapsed: number | null;
  unratedHours: number;
}

export interface Alert {
  metric: 'hours' | 'money';
  threshold: number;
  percentSpent: number;
  crossedOn: string;
}

/** Spent and remaining against the budget, with % of the engagement elapsed. */
export function budgetBurn(days: DaySpend[], plan: BudgetPlan, today: string): Burn {
  let minutes = 0;
  let amount = 0;
  let unrated = 0;
  for (const d of days) {
    minutes += d.minutes;
    amount += d.amount;
    unrated += d.unratedMinutes;
  }
  const spentHours = round(minutes / 60);
  const priced = minutes === 0 || unrated < minutes;
  const spentAmount = priced ? round(amount) : null;
  return {
    spentHours,
    spentAmount,
    remainingHours: plan.hours == null ? null : round(plan.hours - spentHours),
    remainingAmount: plan.amount == null || spentAmount == null ? null : round(plan.amount - spentAmount),
    percentSpentHours: plan.hours ? round((spentHours / plan.hours) * 100, 1) : null,
    percentSpentAmount: plan.amount && spentAmount != null ? round((spentAmount / plan.amount) * 100, 1) : null,
    percentElapsed: elapsedPercent(plan.start, plan.end, today),
    unratedHours: round(unrated / 60),
  };
}

/** Cumulative spend per day (hours and money), in date order. */
export function cumulativeByDay(days: DaySpend[]): { date: string; hours: number; amount: number }[] {
  const sorted = [...days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  let h = 0;
  let a = 0;
  return sorted.map((d) => {
    h += d.minutes / 60;
    a += d.amount;
    return { date: d.date, hours: h, amount: a };
  });
}

/**
 * Thresholds crossed (e.g. 75 % and 90 %), for hours and money, with the day
 * the cumulative spend first reached each one.
 */
export function thresholdAlerts(days: DaySpend[], plan: BudgetPlan): Alert[] {
  const cumulative = cumulativeByDay(days);
  const out: Alert[] = [];
  const last = cumulative.at(-1);
  if (!last) return out;
  const metrics: ['hours' | 'money', number | null, (c: { hours: number; amount: number }) => number][] = [
    ['hours', plan.hours, (c) => c.hours],
    ['money', plan.amount, (c) => c.amount],
  ];
  for (const [metric, budget, pick] of metrics) {
    if (!budget || budget <= 0) continue;
    const pct = (pick(last) / budget) * 100;
    for (const threshold of [...plan.thresholds].sort((a, b) => a - b)) {
      if (pct < threshold) continue;
      const crossed = cumulative.find((c) => (pick(c) / budget) * 100 >= threshold)!;
      out.push({ metric, threshold, percentSpent: round(pct, 1), crossedOn: crossed.date });
    }
  }
  return out;
}

/** Points of a series at most `maxPoints` apart-evenly from `from` to `to` (inclusive), as ISO days. */
export function sampleDays(from: string, to: string, maxPoints = 60): string[] {
  const s = toDay(from);
  const e = toDay(to);
  if (e < s) return [isoDay(s)];
  const days = Math.round((e - s) / DAY);
  const step = Math.max(1, Math.ceil(days / (maxPoints - 1)));
  const out: string[] = [];
  for (let t = s; t < e; t += step * DAY) out.push(isoDay(t));
  out.push(isoDay(e));
  return out;
}

/** Budget burn against a linear plan from the engagement start to its end. */
export function budgetSeries(
  days: DaySpend[],
  plan: BudgetPlan,
  today: string,
): { date: string; plannedHours: number | null; spentHours: number | null; plannedAmount: number | null; spentAmount: number | null }[] {
  const cumulative = cumulativeByDay(days);
  const first = plan.start ?? cumulative[0]?.date ?? today;
  const last = plan.end && plan.end > today ? plan.end : today;
  const points = sampleDays(first, last);
  const span = plan.start && plan.end ? toDay(plan.end) + DAY - toDay(plan.start) : null;
  let i = 0;
  let hours = 0;
  let amount = 0;
  return points.map((date) => {
    while (i < cumulative.length && cumulative[i]!.date <= date) {
      hours = cumulative[i]!.hours;
      amount = cumulative[i]!.amount;
      i++;
    }
    const share = span && plan.start ? Math.min(1, Math.max(0, (toDay(date) + DAY - toDay(plan.start)) / span)) : null;
    const future = date > today;
    return {
      date,
      plannedHours: share != null && plan.hours != null ? round(plan.hours * share) : null,
      spentHours: future ? null : round(hours),
      plannedAmount: share != null && plan.amount != null ? round(plan.amount * share) : null,
      spentAmount: future ? null : round(amount),
    };
  });
}

/** One work item as the burn-up needs it. */
export interface ItemLife {
  createdAt: string;
  doneAt: string | null;
  droppedAt: string | null;
  likelyHours: number | null;
}

/**
 * Burn-up: scope (sum of likely estimates of items that exist and are not
 * dropped) against done (likely estimates of items done) over time.
 */
export function burnUp(items: ItemLife[], from: string, to: string): { date: string; scopeHours: number; doneHours: number; itemsDone: number; items: number }[] {
  type Ev = { t: string; scope: number; done: number; n: number; nDone: number };
  const evs: Ev[] = [];
  for (const it of items) {
    const h = it.likelyHours ?? 0;
    evs.push({ t: it.createdAt.slice(0, 10), scope: h, done: 0, n: 1, nDone: 0 });
    if (it.droppedAt) evs.push({ t: it.droppedAt.slice(0, 10), scope: -h, done: 0, n: -1, nDone: 0 });
    if (it.doneAt && !it.droppedAt) evs.push({ t: it.doneAt.slice(0, 10), scope: 0, done: h, n: 0, nDone: 1 });
  }
  evs.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));
  let i = 0;
  let scope = 0;
  let done = 0;
  let n = 0;
  let nDone = 0;
  return sampleDays(from, to).map((date) => {
    while (i < evs.length && evs[i]!.t <= date) {
      scope += evs[i]!.scope;
      done += evs[i]!.done;
      n += evs[i]!.n;
      nDone += evs[i]!.nDone;
      i++;
    }
    return { date, scopeHours: round(scope), doneHours: round(done), itemsDone: nDone, items: n };
  });
}

/** Nearest-rank percentile of sorted numbers. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export const CYCLE_BINS: readonly [string, number, number][] = [
  ['< 1 day', 0, 1],
  ['1–2 days', 1, 2],
  ['2–3 days', 2, 3],
  ['3–5 days', 3, 5],
  ['5–8 days', 5, 8],
  ['8–13 days', 8, 13],
  ['13–21 days', 13, 21],
  ['21+ days', 21, Number.POSITIVE_INFINITY],
];

/** Cycle time (start of work to done, in days): summary, histogram and the monthly median. */
export function cycleTimes(items: { startedAt: string | null; createdAt: string; doneAt: string }[]) {
  const days = items
    .map((it) => ({ month: it.doneAt.slice(0, 7), d: Math.max(0, (Date.parse(it.doneAt) - Date.parse(it.startedAt ?? it.createdAt)) / DAY) }))
    .filter((x) => Number.isFinite(x.d));
  const sorted = days.map((x) => x.d).sort((a, b) => a - b);
  const mean = sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : null;
  const histogram = CYCLE_BINS.map(([label, lo, hi]) => ({ bin: label, items: sorted.filter((d) => d >= lo && d < hi).length }));
  const byMonth = new Map<string, number[]>();
  for (const x of days) byMonth.set(x.month, [...(byMonth.get(x.month) ?? []), x.d]);
  const trend = [...byMonth.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([month, xs]) => {
      const s = xs.sort((a, b) => a - b);
      return { month, items: s.length, medianDays: round(percentile(s, 50)!, 1), p85Days: round(percentile(s, 85)!, 1) };
    });
  const r = (x: number | null) => (x == null ? null : round(x, 1));
  return {
    summary: { items: sorted.length, meanDays: r(mean), p50Days: r(percentile(sorted, 50)), p85Days: r(percentile(sorted, 85)), p95Days: r(percentile(sorted, 95)) },
    histogram,
    trend,
  };
}
