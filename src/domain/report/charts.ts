/**
 * The report's charts as vector shapes (issue 16, ADR 0024). Pure: each chart
 * is a list of shapes in its own coordinate box, plus the data table it draws,
 * so the HTML renderer writes them as SVG and the PDF renderer as PDF paths,
 * from the same geometry. Colours are print-safe (dark enough on white, and
 * told apart by the legend, the table and the shape, not by colour alone).
 */
import type { EngagementReport } from '../../contracts/report';

export type Shape =
  | { kind: 'rect'; x: number; y: number; w: number; h: number; fill: string }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; stroke: string; width: number; dash?: boolean }
  | { kind: 'polyline'; points: [number, number][]; stroke: string; width: number; dash?: boolean }
  | { kind: 'polygon'; points: [number, number][]; fill: string; opacity: number }
  | { kind: 'text'; x: number; y: number; text: string; size: number; anchor: 'start' | 'middle' | 'end'; fill: string };

export interface ChartTable {
  columns: string[];
  rows: (string | number | null)[][];
}

export interface Chart {
  id: string;
  title: string;
  /** One sentence saying what the chart shows (its alternative text). */
  description: string;
  width: number;
  height: number;
  shapes: Shape[];
  legend: { label: string; color: string; dash?: boolean }[];
  table: ChartTable;
}

export const COLORS = {
  ink: '#1f2328',
  muted: '#57606a',
  grid: '#d0d7de',
  provider: '#0b5cad',
  client: '#8a4b00',
  bar: '#0b5cad',
  track: '#e6ebf1',
  elapsed: '#57606a',
  band90: '#0b5cad',
  bandLegend: '#8fb3dc',
  plan: '#8a4b00',
} as const;

const W = 520;
const round = (n: number) => Math.round(n * 10) / 10;
const pct = (n: number | null) => (n == null ? null : Math.round(n));

/** Evenly spaced ticks over [0, max] (max rounded up to a tidy number). */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const mag = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * mag >= max) return m * mag;
  return 10 * mag;
}

const day = (iso: string) => Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);

/** Horizontal bars 0–100 % with an optional marker per row (e.g. time elapsed). */
function barChart(
  id: string,
  title: string,
  description: string,
  rows: { label: string; value: number | null; marker?: number | null }[],
  legend: Chart['legend'],
  table: ChartTable,
): Chart {
  const labelW = 180;
  const rowH = 26;
  const top = 8;
  const plotW = W - labelW - 50;
  const height = top + rows.length * rowH + 24;
  const shapes: Shape[] = [];
  const x = (v: number) => labelW + (Math.max(0, Math.min(100, v)) / 100) * plotW;
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    const label = r.label.length > 30 ? `${r.label.slice(0, 29)}…` : r.label;
    shapes.push({ kind: 'text', x: labelW - 8, y: y + 15, text: label, size: 10, anchor: 'end', fill: COLORS.ink });
    shapes.push({ kind: 'rect', x: labelW, y: y + 4, w: plotW, h: 14, fill: COLORS.track });
    if (r.value != null) shapes.push({ kind: 'rect', x: labelW, y: y + 4, w: x(r.value) - labelW, h: 14, fill: COLORS.bar });
    if (r.marker != null) shapes.push({ kind: 'line', x1: x(r.marker), y1: y + 1, x2: x(r.marker), y2: y + 21, stroke: COLORS.plan, width: 2 });
    shapes.push({ kind: 'text', x: labelW + plotW + 6, y: y + 15, text: r.value == null ? '–' : `${Math.round(r.value)} %`, size: 10, anchor: 'start', fill: COLORS.ink });
  });
  const axisY = top + rows.length * rowH + 4;
  for (const t of [0, 25, 50, 75, 100]) {
    shapes.push({ kind: 'line', x1: x(t), y1: top, x2: x(t), y2: axisY, stroke: COLORS.grid, width: 0.5 });
    shapes.push({ kind: 'text', x: x(t), y: axisY + 12, text: `${t} %`, size: 9, anchor: 'middle', fill: COLORS.muted });
  }
  // grid lines under the bars
  const grid = shapes.filter((s) => s.kind === 'line' && s.stroke === COLORS.grid);
  const rest = shapes.filter((s) => !(s.kind === 'line' && s.stroke === COLORS.grid));
  return { id, title, description, width: W, height, shapes: [...grid, ...rest], legend, table };
}

export function outcomesChart(outcomes: NonNullable<EngagementReport['outcomes']>): Chart {
  return barChart(
    'chart-outcomes',
    'Outcome progress',
    'Each outcome’s share of the way from its baseline to its target.',
    outcomes.map((o) => ({ label: o.title, value: o.progress * 100 })),
    [{ label: 'Progress from baseline to target', color: COLORS.bar }],
    {
      columns: ['Outcome', 'Baseline', 'Current', 'Target', 'Progress'],
      rows: outcomes.map((o) => [o.title, `${o.baseline} ${o.unit}`.trim(), `${o.current} ${o.unit}`.trim(), `${o.target} ${o.unit}`.trim(), `${Math.round(o.progress * 100)} %`]),
    },
  );
}

export function budgetChart(b: NonNullable<EngagementReport['budget']>): Chart {
  const rows = [
    { label: 'Engagement budget', value: b.percentSpent, marker: b.percentElapsed },
    ...b.phases.map((p) => ({ label: p.phase, value: p.percentSpent, marker: p.percentElapsed })),
  ];
  return barChart(
    'chart-budget',
    'Budget burn',
    'Share of the budget (and of each phase’s estimated scope) spent, against the share of the time elapsed.',
    rows,
    [
      { label: 'Spent', color: COLORS.bar },
      { label: 'Time elapsed', color: COLORS.plan },
    ],
    {
      columns: ['Scope', 'Hours spent', 'Of (hours)', 'Spent', 'Time elapsed'],
      rows: [
        ['Engagement budget', round(b.spentHours), b.budgetHours, pct(b.percentSpent) == null ? null : `${pct(b.percentSpent)} %`, pct(b.percentElapsed) == null ? null : `${pct(b.percentElapsed)} %`],
        ...b.phases.map((p) => [p.phase, round(p.actualHours), round(p.scopeHours), pct(p.percentSpent) == null ? null : `${pct(p.percentSpent)} %`, pct(p.percentElapsed) == null ? null : `${pct(p.percentElapsed)} %`]),
      ],
    },
  );
}

interface Frame {
  left: number;
  top: number;
  plotW: number;
  plotH: number;
  x: (ms: number) => number;
  y: (v: number) => number;
  shapes: Shape[];
}

/** A time axis (dates) against a value axis from 0 to yMax, with grid lines and tick labels. */
function timeFrame(minMs: number, maxMs: number, yMax: number, yLabel: (v: number) => string, height = 220): Frame {
  const left = 48;
  const top = 10;
  const plotW = W - left - 12;
  const plotH = height - top - 34;
  const span = Math.max(1, maxMs - minMs);
  const x = (ms: number) => left + ((ms - minMs) / span) * plotW;
  const y = (v: number) => top + plotH - (Math.max(0, Math.min(yMax, v)) / yMax) * plotH;
  const shapes: Shape[] = [];
  for (let i = 0; i <= 4; i++) {
    const v = (yMax / 4) * i;
    shapes.push({ kind: 'line', x1: left, y1: y(v), x2: left + plotW, y2: y(v), stroke: COLORS.grid, width: 0.5 });
    shapes.push({ kind: 'text', x: left - 6, y: y(v) + 3, text: yLabel(v), size: 9, anchor: 'end', fill: COLORS.muted });
  }
  const ticks = 4;
  for (let i = 0; i <= ticks; i++) {
    const ms = minMs + (span / ticks) * i;
    const d = new Date(ms).toISOString().slice(0, 10);
    shapes.push({ kind: 'text', x: x(ms), y: top + plotH + 14, text: d, size: 9, anchor: i === 0 ? 'start' : i === ticks ? 'end' : 'middle', fill: COLORS.muted });
  }
  shapes.push({ kind: 'line', x1: left, y1: top + plotH, x2: left + plotW, y2: top + plotH, stroke: COLORS.muted, width: 1 });
  return { left, top, plotW, plotH, x, y, shapes };
}

/** The remaining-work fan: nested bands holding 90 %, 70 % and 50 % of the simulated futures, the median and the plan. */
export function fanChart(f: NonNullable<EngagementReport['forecast']>): Chart | null {
  const fan = f.fan;
  if (fan.length < 2) return null;
  const ms = fan.map((p) => day(p.date));
  const yMax = niceMax(Math.max(...fan.map((p) => Math.max(p.p95, p.plan ?? 0))));
  const fr = timeFrame(Math.min(...ms), Math.max(...ms), yMax, (v) => `${Math.round(v)} h`);
  const band = (lo: keyof (typeof fan)[number], hi: keyof (typeof fan)[number], opacity: number): Shape => ({
    kind: 'polygon',
    points: [...fan.map((p, i): [number, number] => [fr.x(ms[i]!), fr.y(Number(p[hi]))]), ...[...fan].reverse().map((p, i): [number, number] => [fr.x(ms[fan.length - 1 - i]!), fr.y(Number(p[lo]))])].map(([a, b]) => [round(a), round(b)]),
    fill: COLORS.band90,
    opacity,
  });
  const shapes: Shape[] = [
    ...fr.shapes,
    band('p05', 'p95', 0.15),
    band('p15', 'p85', 0.2),
    band('p25', 'p75', 0.25),
    { kind: 'polyline', points: fan.map((p, i) => [round(fr.x(ms[i]!)), round(fr.y(p.p50))]), stroke: COLORS.provider, width: 2 },
  ];
  const plan = fan.filter((p) => p.plan != null);
  if (plan.length >= 2) shapes.push({ kind: 'polyline', points: plan.map((p) => [round(fr.x(day(p.date))), round(fr.y(p.plan!))]), stroke: COLORS.plan, width: 1.5, dash: true });
  const every = Math.max(1, Math.ceil(fan.length / 12));
  return {
    id: 'chart-fan',
    title: 'Remaining work: the forecast fan',
    description: f.completion
      ? `Remaining hours over time. Half of the simulated futures finish by ${f.completion.p50}, 85 % by ${f.completion.p85} and 95 % by ${f.completion.p95}.`
      : `Remaining hours over time. No completion dates: ${f.reason ?? 'not enough history'}.`,
    width: W,
    height: 220,
    shapes,
    legend: [
      { label: 'Median (P50)', color: COLORS.provider },
      { label: 'Bands: 50 %, 70 %, 90 % of futures', color: COLORS.bandLegend },
      { label: 'Plan', color: COLORS.plan, dash: true },
    ],
    table: {
      columns: ['Date', 'P05', 'P25', 'P50', 'P75', 'P95', 'Plan'],
      rows: fan.filter((_, i) => i % every === 0 || i === fan.length - 1).map((p) => [p.date, round(p.p05), round(p.p25), round(p.p50), round(p.p75), round(p.p95), p.plan == null ? null : round(p.plan)]),
    },
  };
}

/** Both sides' trust scores over the period (0–100). */
export function trustChart(t: NonNullable<EngagementReport['trust']>): Chart | null {
  const pts = t.trend;
  if (pts.length < 2) return null;
  const ms = pts.map((p) => day(p.date));
  const fr = timeFrame(Math.min(...ms), Math.max(...ms), 100, (v) => String(Math.round(v)), 200);
  const line = (key: 'provider' | 'client', color: string, dash: boolean): Shape[] => {
    // a gap where the score is null (not enough evidence): one polyline per run
    const runs: [number, number][][] = [];
    let cur: [number, number][] = [];
    pts.forEach((p, i) => {
      const v = p[key];
      if (v == null) {
        if (cur.length) runs.push(cur);
        cur = [];
      } else cur.push([round(fr.x(ms[i]!)), round(fr.y(v))]);
    });
    if (cur.length) runs.push(cur);
    return runs.map((points) => ({ kind: 'polyline' as const, points: points.length === 1 ? [points[0]!, [points[0]![0] + 1, points[0]![1]]] : points, stroke: color, width: 2, dash }));
  };
  const every = Math.max(1, Math.ceil(pts.length / 12));
  return {
    id: 'chart-trust',
    title: 'Trust index over the period',
    description: 'Both sides’ trust scores (0–100) from the shared evidence, day by day.',
    width: W,
    height: 200,
    shapes: [...fr.shapes, ...line('provider', COLORS.provider, false), ...line('client', COLORS.client, true)],
    legend: [
      { label: 'Provider', color: COLORS.provider },
      { label: 'Client', color: COLORS.client, dash: true },
    ],
    table: { columns: ['Date', 'Provider', 'Client'], rows: pts.filter((_, i) => i % every === 0 || i === pts.length - 1).map((p) => [p.date, p.provider, p.client]) },
  };
}
