/**
 * `candor forecast backtest` and `candor forecast fit-prior`: load task
 * history from a CSV (gzip is detected from the file's magic bytes), map its
 * columns, and run the calibration back-test or re-derive the CESAW prior.
 */

import { existsSync, readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Command } from 'commander';
import {
  type BacktestModel,
  type BacktestReport,
  type BacktestTask,
  DEFAULT_BACKTEST_TRIALS,
  type LeaveOneGroupOutReport,
  runBacktest,
  runLeaveOneGroupOut,
} from '../domain/forecast/backtest';
import { fitPrior } from '../domain/forecast/prior-fit';
import { CliError } from './errors';

// ---------------------------------------------------------------------------
// Column mappings

type DateFormat = 'M/D/YYYY H:MM';

export interface ColumnMapping {
  description: string;
  estimate: string;
  actual: string;
  completed: string;
  project: string;
  estimator: string;
  /** Optional: start time (same format), spreads a task's effort over its days for the weekly capacity history. */
  started?: string;
  /** Optional: a grouping column for `--leave-one-group-out` (CESAW: the organisation's process). */
  group?: string;
  dateFormat: DateFormat;
}

export const MAPPINGS: Readonly<Record<string, ColumnMapping>> = {
  cesaw: {
    description: 'CESAW task facts (Software Engineering Institute / Jones & Nichols)',
    estimate: 'task_plan_time_minutes',
    actual: 'task_actual_time_minutes',
    completed: 'task_actual_complete_date',
    project: 'project_key',
    estimator: 'person_key',
    started: 'task_actual_start_date',
    group: 'process_name',
    dateFormat: 'M/D/YYYY H:MM',
  },
};

export function getMapping(name: string): ColumnMapping {
  const mapping = Object.hasOwn(MAPPINGS, name) ? MAPPINGS[name] : undefined;
  if (!mapping) {
    throw new CliError(`unknown mapping "${name}" (known mappings: ${Object.keys(MAPPINGS).join(', ')})`);
  }
  return mapping;
}

// ---------------------------------------------------------------------------
// CSV reading

/** Reads a file as UTF-8 text, gunzipping it when it starts with the gzip magic bytes. */
export function readTextFile(path: string): string {
  if (!existsSync(path)) throw new CliError(`file not found: ${path}`);
  if (!statSync(path).isFile()) throw new CliError(`not a file: ${path}`);
  const bytes = readFileSync(path);
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return gunzipSync(bytes).toString('utf8');
    } catch (err) {
      throw new CliError(`${path}: looks like gzip but could not be decompressed (${(err as Error).message})`);
    }
  }
  return bytes.toString('utf8');
}

export interface CsvRecord {
  /** 1-based line number where the record starts (the header is line 1). */
  line: number;
  fields: string[];
}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines; CRLF or LF. */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = (): void => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === '') inQuotes = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else field += ch;
  }
  if (inQuotes) throw new CliError(`line ${recordLine}: unterminated quoted field`);
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

// ---------------------------------------------------------------------------
// Mapping rows to tasks

export interface LoadedTasks {
  tasks: BacktestTask[];
  rows: number;
  /** unreadableStart: rows kept, but with their effort counted at completion. */
  excluded: { notEstimated: number; noActual: number; notCompleted: number; unreadableStart: number };
}

const NULLS = new Set(['', '\\N', 'NULL', 'null', 'NA']);
const NUMBER = /^[+]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const MAX_REPORTED_BAD_ROWS = 20;

export function loadTasks(text: string, mapping: ColumnMapping, source: string): LoadedTasks {
  const records = parseCsv(text);
  const header = records[0];
  if (!header) throw new CliError(`${source}: the file is empty (expected a header row)`);
  const names = header.fields.map((f) => f.trim());
  const columns = ['project', 'estimator', 'estimate', 'actual', 'completed'] as const;
  const missing = columns.filter((c) => !names.includes(mapping[c])).map((c) => `${mapping[c]} (${c})`);
  if (missing.length > 0) {
    throw new CliError(`${source}: missing column(s) for this mapping: ${missing.join(', ')}; found: ${names.join(', ')}`);
  }
  const index = Object.fromEntries(columns.map((c) => [c, names.indexOf(mapping[c])])) as Record<(typeof columns)[number], number>;
  // Optional columns: used when present in the file.
  const startedIndex = mapping.started ? names.indexOf(mapping.started) : -1;
  const groupIndex = mapping.group ? names.indexOf(mapping.group) : -1;

  const tasks: BacktestTask[] = [];
  const bad: string[] = [];
  let badCount = 0;
  const excluded = { notEstimated: 0, noActual: 0, notCompleted: 0, unreadableStart: 0 };
  for (let r = 1; r < records.length; r++) {
    const { line, fields } = records[r]!;
    const problem = (message: string): void => {
      badCount++;
      if (bad.length < MAX_REPORTED_BAD_ROWS) bad.push(`row ${line}: ${message}`);
    };
    if (fields.length !== names.length) {
      problem(`expected ${names.length} fields, found ${fields.length}`);
      continue;
    }
    const project = fields[index.project]!.trim();
    if (NULLS.has(project)) {
      problem(`empty ${mapping.project}`);
      continue;
    }
    const estimate = parseAmount(fields[index.estimate]!, mapping.estimate, problem);
    const actual = parseAmount(fields[index.actual]!, mapping.actual, problem);
    const completedAt = parseDate(fields[index.completed]!, mapping, problem);
    // The start is optional: an unreadable one only means the task's effort counts at its completion.
    let startedAt = startedIndex >= 0 ? parseDate(fields[startedIndex]!, mapping, () => {}) : null;
    if (startedAt === undefined) {
      excluded.unreadableStart++;
      startedAt = null;
    }
    if (estimate === undefined || actual === undefined || completedAt === undefined) continue;
    if (estimate === null || estimate === 0) {
      excluded.notEstimated++;
      continue;
    }
    if (actual === null || actual === 0) {
      excluded.noActual++;
      continue;
    }
    if (completedAt === null) {
      excluded.notCompleted++;
      continue;
    }
    const estimator = fields[index.estimator]!.trim();
    const group = groupIndex >= 0 ? fields[groupIndex]!.trim() : '';
    tasks.push({
      project,
      estimator: NULLS.has(estimator) ? null : estimator,
      estimate,
      actual,
      completedAt,
      row: line,
      startedAt,
      group: NULLS.has(group) ? null : group,
    });
  }
  if (badCount > 0) {
    const more = badCount > bad.length ? `\n  … and ${badCount - bad.length} more` : '';
    throw new CliError(`${source}: ${badCount} bad row(s):\n  ${bad.join('\n  ')}${more}`);
  }
  return { tasks, rows: records.length - 1, excluded };
}

/** undefined = bad value (reported), null = missing, number otherwise. */
function parseAmount(raw: string, column: string, problem: (m: string) => void): number | null | undefined {
  const value = raw.trim();
  if (NULLS.has(value)) return null;
  if (!NUMBER.test(value)) {
    problem(`${column} is not a non-negative number: "${value}"`);
    return undefined;
  }
  return Number(value);
}

const DATE_M_D_Y_H_MM = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})$/;

/** Parses M/D/YYYY H:MM as UTC (the data carries no zone; only the order matters). */
function parseDate(raw: string, mapping: ColumnMapping, problem: (m: string) => void): number | null | undefined {
  const value = raw.trim();
  if (NULLS.has(value)) return null;
  const m = DATE_M_D_Y_H_MM.exec(value);
  if (m) {
    const [month, day, year, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
    const ms = Date.UTC(year, month - 1, day, hour, minute);
    const d = new Date(ms);
    if (d.getUTCMonth() === month - 1 && d.getUTCDate() === day && hour < 24 && minute < 60) return ms;
  }
  problem(`${mapping.completed} is not a date in ${mapping.dateFormat}: "${value}"`);
  return undefined;
}

// ---------------------------------------------------------------------------
// Output

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** The readable report: pooled rates, splits and a per-project table (Markdown table syntax). */
export function renderBacktestReport(report: BacktestReport, loaded: LoadedTasks): string {
  const { summary } = report;
  const lines: string[] = [];
  lines.push(
    `Checkpoints: ${summary.checkpoints} across ${summary.projects.length} projects ` +
      `(${loaded.tasks.length} usable tasks of ${loaded.rows} rows; excluded: ${loaded.excluded.notEstimated} without a plan > 0, ` +
      `${loaded.excluded.noActual} without actual time > 0, ${loaded.excluded.notCompleted} without a completion date; ` +
      `${report.skippedProjects.length} projects under the task minimum).`,
  );
  lines.push('');
  lines.push('| | ≤ P50 | ≤ P85 | ≤ P95 | ≤ sum of plans |');
  lines.push('|---|---:|---:|---:|---:|');
  lines.push(`| nominal | 50% | 85% | 95% | |`);
  lines.push(
    `| pooled | ${pct(summary.hitRate.p50)} | ${pct(summary.hitRate.p85)} | ${pct(summary.hitRate.p95)} | ${pct(summary.rawEstimateHitRate)} |`,
  );
  const ci = report.projectBootstrap95;
  const range = (r: [number, number]): string => `${(r[0] * 100).toFixed(0)}–${(r[1] * 100).toFixed(0)}%`;
  lines.push(`| 95% interval, projects resampled | ${range(ci.p50)} | ${range(ci.p85)} | ${range(ci.p95)} | ${range(ci.raw)} |`);
  for (const s of report.byStage) {
    lines.push(`| ${s.stage}, n=${s.checkpoints} | ${pct(s.hitRate.p50)} | ${pct(s.hitRate.p85)} | ${pct(s.hitRate.p95)} | ${pct(s.rawEstimateHitRate)} |`);
  }
  for (const [source, s] of Object.entries(report.bySharedSource)) {
    lines.push(`| shared multiplier from ${source}, n=${s.checkpoints} | ${pct(s.hitRate.p50)} | ${pct(s.hitRate.p85)} | ${pct(s.hitRate.p95)} | |`);
  }
  lines.push('');
  const sh = summary.sharpness;
  lines.push(
    `Sharpness: median P95/P50 ${sh.medianP95toP50.toFixed(3)}; mean 90% interval score ${Math.round(sh.meanIntervalScore90).toLocaleString('en-US')} ` +
      `(${sh.meanScaledIntervalScore90.toFixed(3)} × the remaining plan).`,
  );
  lines.push('');
  lines.push('| completion date (real last completion ≤ forecast date) | checkpoints | ≤ P50 | ≤ P85 | ≤ P95 |');
  lines.push('|---|---:|---:|---:|---:|');
  const dateRow = (label: string, d: BacktestReport['summary']['dateHitRate']): string =>
    `| ${label} | ${d.checkpoints} | ${pct(d.p50)} | ${pct(d.p85)} | ${pct(d.p95)} |`;
  lines.push(dateRow('capacity sampled from weekly history', summary.dateHitRate));
  lines.push(dateRow('baseline: last 4 weeks’ pace', summary.dateHitRateLastFourWeeks));
  for (const s of report.byStage) lines.push(dateRow(`${s.stage}, sampled capacity`, s.dateHitRate));
  lines.push('');
  lines.push('| project | tasks | Σactual/Σplan | checkpoints | ≤ P50 | ≤ P85 | ≤ P95 | ≤ plans | median log(actual/P50) | shared multiplier from |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const p of summary.projects) {
    const sources = Object.entries(p.sharedSources)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    lines.push(
      `| ${p.project} | ${p.tasks} | ${p.actualToEstimate.toFixed(2)} | ${p.checkpoints} | ${pct(p.hitRate.p50)} | ${pct(p.hitRate.p85)} | ${pct(p.hitRate.p95)} | ${pct(p.rawEstimateHitRate)} | ${p.medianLogErrorP50.toFixed(3)} | ${sources} |`,
    );
  }
  return lines.join('\n');
}

/** Leave-one-group-out table (Markdown). */
export function renderLeaveOneGroupOut(report: LeaveOneGroupOutReport): string {
  const lines = [
    '| held-out group | projects | checkpoints | ≤ P50 | ≤ P85 | ≤ P95 | ≤ plans | date ≤ P50 | date ≤ P85 | date ≤ P95 | P95/P50 | interval score ÷ plan |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const row = (label: string, g: LeaveOneGroupOutReport['pooled']): string =>
    `| ${label} | ${g.projects} | ${g.checkpoints} | ${pct(g.hitRate.p50)} | ${pct(g.hitRate.p85)} | ${pct(g.hitRate.p95)} | ${pct(g.rawEstimateHitRate)} | ` +
    `${pct(g.dateHitRate.p50)} | ${pct(g.dateHitRate.p85)} | ${pct(g.dateHitRate.p95)} | ${g.sharpness.medianP95toP50.toFixed(3)} | ${g.sharpness.meanScaledIntervalScore90.toFixed(3)} |`;
  for (const g of report.groups) lines.push(row(g.group, g));
  lines.push(row('**pooled**', report.pooled));
  return lines.join('\n');
}

// ---------------------------------------------------------------------------
// Commands

function parseIntegerOption(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new CliError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

interface BacktestCliOptions {
  csv: string;
  map: string;
  json?: boolean;
  seed?: string;
  trials?: string;
  model?: string;
  leaveOneGroupOut?: boolean;
  recalibration?: string;
  teamWeighting?: string;
  paceDrift?: string;
  censoring?: string;
}

const MODELS: readonly BacktestModel[] = ['time-respecting', 'production', 'own-history-only', 'independent'];

export function registerForecastCommands(program: Command): void {
  const forecast = program.command('forecast').description('Effort forecasts: calibration back-test and prior fitting');

  forecast
    .command('backtest')
    .description(
      'Replay finished projects in completion order and measure how often the P50/P85/P95 forecasts of the remaining effort held',
    )
    .requiredOption('--csv <file>', 'task CSV (optionally gzip-compressed)')
    .requiredOption('--map <mapping>', `column mapping (${Object.keys(MAPPINGS).join(', ')})`)
    .option('--json', 'print {checkpoints, hitRate, dateHitRate, rawEstimateHitRate, sharpness, byStage, projects} as JSON')
    .option('--recalibration <mode>', 'track-record (default: correct quantiles by the errors of forecasts judged before the checkpoint) | none')
    .option('--pace-drift <mode>', 'completed-projects (default: each date trial draws a pace drift from finished projects at a similar stage) | none')
    .option('--censoring <mode>', 'in-flight (default: corrections count projects still running as at least as late as now) | none')
    .option('--team-weighting <mode>', 'evidence (shrink the team towards the prior by its evidence) | threshold (prior below 10 items)')
    .option('--leave-one-group-out', 'also hold out each group of projects (mapping column `group`) and replay it with a model fitted on the rest')
    .option('--seed <n>', 'random seed (default 1)')
    .option('--trials <n>', `Monte Carlo trials per forecast (default ${DEFAULT_BACKTEST_TRIALS})`)
    .option(
      '--model <name>',
      'time-respecting (default: nothing dated after a checkpoint is used) | production (engine default chain, ' +
        'prior refitted without the project under test) | own-history-only | independent (no shared multiplier); ' +
        'the last two only for comparison',
    )
    .action((opts: BacktestCliOptions) => {
      const mapping = getMapping(opts.map);
      const seed = parseIntegerOption('--seed', opts.seed, 0, 2 ** 32 - 1) ?? 1;
      const trials = parseIntegerOption('--trials', opts.trials, 1, 1_000_000) ?? DEFAULT_BACKTEST_TRIALS;
      const model = (opts.model ?? 'time-respecting') as BacktestModel;
      if (!MODELS.includes(model)) throw new CliError(`--model must be one of ${MODELS.join(', ')}, got "${model}"`);
      const recalibration = (opts.recalibration ?? 'track-record') as 'track-record' | 'none';
      if (!['track-record', 'none'].includes(recalibration)) throw new CliError(`--recalibration must be track-record or none, got "${recalibration}"`);
      const teamWeighting = opts.teamWeighting as 'evidence' | 'threshold' | undefined;
      if (teamWeighting !== undefined && !['evidence', 'threshold'].includes(teamWeighting)) {
        throw new CliError(`--team-weighting must be evidence or threshold, got "${teamWeighting}"`);
      }
      const paceDrift = (opts.paceDrift ?? 'completed-projects') as 'completed-projects' | 'none';
      if (!['completed-projects', 'none'].includes(paceDrift)) throw new CliError(`--pace-drift must be completed-projects or none, got "${paceDrift}"`);
      const censoring = (opts.censoring ?? 'in-flight') as 'in-flight' | 'none';
      if (!['in-flight', 'none'].includes(censoring)) throw new CliError(`--censoring must be in-flight or none, got "${censoring}"`);
      const forecastOptions = { paceDrift, censoring, ...(teamWeighting ? { forecast: { teamWeighting } } : {}) };
      const loaded = loadTasks(readTextFile(opts.csv), mapping, opts.csv);
      const showProgress = !opts.json && process.stderr.isTTY;
      const started = Date.now();
      const report = runBacktest(loaded.tasks, {
        seed,
        trials,
        model,
        recalibration,
        ...forecastOptions,
        onProject: showProgress ? (done, total) => process.stderr.write(`\rproject ${done}/${total}`) : undefined,
      });
      if (showProgress) process.stderr.write('\n');
      if (report.summary.checkpoints === 0) {
        throw new CliError(`${opts.csv}: no project has enough usable tasks for a back-test (needs 100 with plan > 0 and actual > 0)`);
      }
      const logo = opts.leaveOneGroupOut ? runLeaveOneGroupOut(loaded.tasks, { seed, trials, recalibration, ...forecastOptions }) : undefined;
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(logo ? { ...report.summary, leaveOneGroupOut: logo } : report.summary)}\n`);
        return;
      }
      process.stdout.write(`${renderBacktestReport(report, loaded)}\n\n`);
      if (logo) process.stdout.write(`Leave one group out:\n\n${renderLeaveOneGroupOut(logo)}\n\n`);
      process.stdout.write(`seed ${seed}, ${trials} trials per forecast, model ${model}, recalibration ${recalibration}, pace drift ${paceDrift}, censoring ${censoring}, team weighting ${teamWeighting ?? 'default'}, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    });

  forecast
    .command('fit-prior')
    .description('Re-derive the CESAW prior constants embedded in src/domain/forecast/prior.ts')
    .requiredOption('--csv <file>', 'task CSV (optionally gzip-compressed)')
    .requiredOption('--map <mapping>', `column mapping (${Object.keys(MAPPINGS).join(', ')})`)
    .action((opts: { csv: string; map: string }) => {
      const loaded = loadTasks(readTextFile(opts.csv), getMapping(opts.map), opts.csv);
      process.stdout.write(`${JSON.stringify(fitPrior(priorInputFromTasks(loaded.tasks)), null, 2)}\n`);
    });
}

/** Groups loaded tasks into per-project completion-ordered series for `fitPrior`. */
export function priorInputFromTasks(tasks: readonly BacktestTask[]): Parameters<typeof fitPrior>[0] {
  const byProject = new Map<string, BacktestTask[]>();
  for (const t of tasks) {
    const list = byProject.get(t.project);
    if (list) list.push(t);
    else byProject.set(t.project, [t]);
  }
  return [...byProject.entries()].map(([id, list]) => ({
    id,
    pairs: list
      .sort((a, b) => a.completedAt - b.completedAt || a.row - b.row)
      .map((t) => ({ estimate: t.estimate, actual: t.actual, completedAt: t.completedAt })),
  }));
}
