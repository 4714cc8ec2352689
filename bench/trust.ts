/**
 * The trust index's bench (issue 14, ADR 0022).
 *
 * - Full recompute: the index of an engagement of 1,000,000 audit events
 *   (two years of a simulated engagement, src/domain/trust/simulate.ts, with
 *   many time entries and records the index does not read), as a ratio to a
 *   bare pass over the same events in the same run: JSON.parse of each
 *   stored payload string, nothing else. Rounds interleaved; medians. Aim ≤ 3×.
 * - Incremental: folding one more day of events into a state kept up to the
 *   head, then reporting (what the server's cache does per request).
 * - A chart of the simulated profiles' provider and client scores over time:
 *   bench/results/trust-profiles.svg.
 *
 * Run alone: `npx tsx bench/trust.ts` or `npm run bench -- trust`
 * (writes bench/results/trust.{json,md} and the chart). BENCH_TRUST_EVENTS
 * sets the size (default 1,000,000).
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createTrustState, foldTrust, reportTrust, type TrustRecord } from '../src/domain/trust/index';
import { BASE, generate, PROFILES } from '../src/domain/trust/simulate';

const here = path.dirname(fileURLToPath(import.meta.url));
const EVENTS = Number(process.env.BENCH_TRUST_EVENTS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_TRUST_ROUNDS ?? 3);

export interface TrustRow {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  ratio: number;
}

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const paths = (type: string, id: string | null) => `/api/v1/engagements/bench/${type}${id ? `/${id}` : ''}`;

interface Stored {
  seq: number;
  at: string;
  payload: string;
}

/** Two years of an engagement, scaled to about `events` records, stored as the database stores them (payload as a JSON string). */
function corpus(events: number): Stored[] {
  const months = 24;
  const workingDays = Math.round(months * 30.4 * (5 / 7));
  const perDay = Math.max(1, Math.round(events / workingDays));
  const timePerDay = Math.round(perDay * 0.3);
  const noise = Math.max(0, perDay - timePerDay - 1);
  const out: Stored[] = [];
  const recs = generate({ ...BASE, slipShare: 0.35 }, { seed: 7, months, start: '2025-01-06', timePerDay, noise });
  for (const r of recs) out.push({ seq: r.seq, at: r.at, payload: JSON.stringify(r.payload) });
  recs.length = 0;
  return out;
}

function bare(stored: readonly Stored[]): number {
  let n = 0;
  for (const s of stored) {
    const p = JSON.parse(s.payload) as { action: string };
    n += p.action.length;
  }
  return n;
}

function full(stored: readonly Stored[], asOf: string): number {
  const state = createTrustState();
  for (const s of stored) foldTrust(state, { seq: s.seq, at: s.at, payload: JSON.parse(s.payload) });
  const r = reportTrust(state, { asOf, paths });
  return (r.provider.score ?? 0) + (r.client.score ?? 0);
}

function chart(): { svg: string; series: { name: string; trend: { date: string; provider: number | null; client: number | null }[] }[] } {
  const names = Object.keys(PROFILES);
  const series = names.map((name) => {
    const recs: TrustRecord[] = generate(PROFILES[name]!, { seed: 3, months: 12, start: '2026-01-05' });
    const s = createTrustState();
    for (const r of recs) foldTrust(s, r);
    const report = reportTrust(s, { asOf: '2026-12-31', paths, trendPoints: 52 });
    return { name, trend: report.trend };
  });
  // dashes keep profiles that behave alike on a side (and so coincide) visible
  const DASH = ['', '8 4', '2 3', '10 3 2 3', '4 4', '1 5', '12 6'];
  const colors = ['#1b7837', '#c51b7d', '#2166ac', '#e08214', '#542788', '#35978f', '#b2182b'];
  const W = 1100;
  const H = 440;
  const panel = (side: 'provider' | 'client', x0: number) => {
    const pw = 480;
    const ph = 300;
    const y0 = 60;
    const min = 0;
    const max = 100;
    const n = series[0]!.trend.length;
    const px = (i: number) => x0 + (i / Math.max(1, n - 1)) * pw;
    const py = (v: number) => y0 + ph - ((v - min) / (max - min)) * ph;
    const grid = [0, 25, 50, 75, 100]
      .map((v) => `<line x1="${x0}" x2="${x0 + pw}" y1="${py(v)}" y2="${py(v)}" stroke="#ddd"/><text x="${x0 - 8}" y="${py(v) + 4}" font-size="11" text-anchor="end" fill="#555">${v}</text>`)
      .join('');
    const months = series[0]!.trend
      .map((t, i, all) => (i === 0 || t.date.slice(0, 7) !== all[i - 1]!.date.slice(0, 7) ? `<text x="${px(i)}" y="${y0 + ph + 16}" font-size="10" text-anchor="middle" fill="#555">${t.date.slice(2, 7)}</text>` : ''))
      .join('');
    const lines = series
      .map((s, k) => {
        const pts = s.trend.flatMap((t, i) => (t[side] == null ? [] : [`${px(i).toFixed(1)},${py(t[side]!).toFixed(1)}`]));
        return `<polyline fill="none" stroke="${colors[k % colors.length]}" stroke-width="2" stroke-dasharray="${DASH[k % DASH.length]}" points="${pts.join(' ')}"/>`;
      })
      .join('');
    return `<text x="${x0}" y="${y0 - 12}" font-size="15" font-weight="bold">${side === 'provider' ? 'Provider side' : 'Client side'}</text><rect x="${x0}" y="${y0}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>${grid}${months}${lines}`;
  };
  const legend = series
    .map((s, k) => {
      const x = 60 + (k % 4) * 260;
      const y = H - 40 + Math.floor(k / 4) * 18;
      return `<line x1="${x}" x2="${x + 24}" y1="${y}" y2="${y}" stroke="${colors[k % colors.length]}" stroke-width="3" stroke-dasharray="${DASH[k % DASH.length]}"/><text x="${x + 30}" y="${y + 4}" font-size="12">${s.name} (${s.trend.at(-1)?.provider ?? '—'} / ${s.trend.at(-1)?.client ?? '—'})</text>`;
    })
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif"><rect width="100%" height="100%" fill="#fff"/><text x="${W / 2}" y="24" font-size="16" text-anchor="middle">Trust index of simulated profiles, weekly over 12 months (legend: provider / client at the end)</text>${panel('provider', 60)}${panel('client', 590)}${legend}</svg>`;
  return { svg, series };
}

export async function benchTrust(): Promise<TrustRow[]> {
  const rows: TrustRow[] = [];
  const t0 = performance.now();
  const stored = corpus(EVENTS);
  const genMs = performance.now() - t0;
  const asOf = stored[stored.length - 1]!.at.slice(0, 10);
  console.log(`Trust index bench: ${stored.length.toLocaleString('en')} audit events generated in ${Math.round(genMs)} ms`);
  const bareMs: number[] = [];
  const fullMs: number[] = [];
  let sink = 0;
  for (let i = 0; i < ROUNDS; i++) {
    let t = performance.now();
    sink += bare(stored);
    bareMs.push(performance.now() - t);
    t = performance.now();
    sink += full(stored, asOf);
    fullMs.push(performance.now() - t);
  }
  const b = median(bareMs);
  const f = median(fullMs);
  rows.push({ name: `trust index: full recompute of ${stored.length.toLocaleString('en')} audit events (vs bare JSON.parse pass)`, value: round(f, 1), unit: 'ms', baseline: round(b, 1), ratio: round(f / b) });

  // incremental: a state up to the head minus the last working day's events, then those folded and reported
  const tail = new Map<string, number>();
  for (const s of stored.slice(-20_000)) tail.set(s.at.slice(0, 10), (tail.get(s.at.slice(0, 10)) ?? 0) + 1);
  const busiest = Math.max(...tail.values());
  const lastBusy = [...tail.entries()].filter(([, n]) => n >= busiest / 2).pop()![0];
  const cut = stored.findIndex((s) => s.at.slice(0, 10) === lastBusy);
  const end = stored.findIndex((s) => s.at.slice(0, 10) > lastBusy);
  const upTo = end < 0 ? stored.length : end;
  const state = createTrustState();
  for (const s of stored.slice(0, cut)) foldTrust(state, { seq: s.seq, at: s.at, payload: JSON.parse(s.payload) });
  let t = performance.now();
  for (const s of stored.slice(cut, upTo)) foldTrust(state, { seq: s.seq, at: s.at, payload: JSON.parse(s.payload) });
  const foldDay = performance.now() - t;
  t = performance.now();
  const report = reportTrust(state, { asOf: lastBusy, paths });
  const reportMs = performance.now() - t;
  rows.push({ name: `trust index: fold the last working day (${(upTo - cut).toLocaleString('en')} events) into the cached state, then report`, value: round(foldDay + reportMs, 1), unit: 'ms', baseline: round(f, 1), ratio: round((foldDay + reportMs) / f) });

  const { svg, series } = chart();
  const dir = path.join(here, 'results');
  writeFileSync(path.join(dir, 'trust-profiles.svg'), svg);
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const finals = series.map((s) => ({ profile: s.name, provider: s.trend.at(-1)?.provider ?? null, client: s.trend.at(-1)?.client ?? null }));
  writeFileSync(
    path.join(dir, 'trust.json'),
    `${JSON.stringify({ machine, events: stored.length, rounds: ROUNDS, bareMs, fullMs, foldDayMs: round(foldDay, 1), reportMs: round(reportMs, 1), headline: { provider: report.provider.score, client: report.client.score }, rows, profiles: finals, sink: sink > 0 }, null, 2)}\n`,
  );
  const md = [
    '# Trust index bench',
    '',
    `Machine: ${machine}. ${stored.length.toLocaleString('en')} audit events (a simulated two-year engagement; ${ROUNDS} rounds interleaved, medians).`,
    '',
    '| measure | value | baseline | ratio |',
    '|---|---:|---:|---:|',
    ...rows.map((r) => `| ${r.name} | ${r.value} ${r.unit} | ${r.baseline} ${r.unit} | ${r.ratio}× |`),
    '',
    'The bare pass is `JSON.parse` of each stored payload string and nothing else; the full recompute parses, folds every record and reports (components, evidence, raise, 104 weekly trend points, changes). Aim ≤ 3×.',
    '',
    '## Profiles after 12 months (chart: trust-profiles.svg)',
    '',
    '| profile | provider | client |',
    '|---|---:|---:|',
    ...finals.map((p) => `| ${p.profile} | ${p.provider ?? '—'} | ${p.client ?? '—'} |`),
    '',
    'Not measured here: the overview with the trust headline on the large bench engagement against the bare route (it needs the server route and its cache).',
    '',
  ].join('\n');
  writeFileSync(path.join(dir, 'trust.md'), md);
  for (const r of rows) console.log(`  ${r.name}: ${r.value} ${r.unit} (baseline ${r.baseline} ${r.unit}, ${r.ratio}×)`);
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await benchTrust();
