/**
 * The communication coach's bench: quality on the labelled corpus and speed.
 *
 * - Quality: precision and recall per category with the confusion counts, on
 *   the dev split (the rules were tuned on it), the held-out split (not tuned
 *   on) and all of bench/coach/corpus.jsonl. An example counts as flagged for
 *   a category when any flag of that category is raised in it.
 * - Speed: checking a 2,000-word status update (made of corpus texts in
 *   paragraphs) against a bare retext-english parse of the same text, in the
 *   same run, interleaved round by round; the ratio of the medians (aim ≤ 3×).
 *   The first (cold) check is reported apart: it asks retext-passive about
 *   words it has not seen before.
 * - Browser (bench/browser-coach.ts): typing in the editor on a 2,000-word text.
 *
 * Run alone: `npx tsx bench/coach.ts` or `npm run bench -- coach`
 * (writes bench/results/coach.{json,md}); BENCH_COACH_BROWSER=0 skips the browser part.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { CORE_CATEGORIES, coach, parseEnglish } from '../src/domain/coach';
import { type Evaluation, evaluate, type LabelledExample } from '../src/domain/coach/evaluate';
import { loadCorpus, statusUpdate } from './coach-data';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.env.BENCH_COACH_ROUNDS ?? 60);

export interface CoachRow {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  ratio: number;
}

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

export function evaluateSplit(corpus: LabelledExample[], split: 'dev' | 'held-out' | 'fresh' | 'all'): Evaluation {
  const examples = split === 'all' ? corpus : corpus.filter((e) => e.split === split);
  return evaluate(examples, (e) => coach(e.text, { audience: 'client', glossary: e.glossary ?? [] }));
}

export function benchSpeed(text: string) {
  const t0 = performance.now();
  const coldFlags = coach(text);
  const cold = performance.now() - t0;
  for (let i = 0; i < 5; i++) {
    parseEnglish(text);
    coach(text);
  }
  const bare: number[] = [];
  const checked: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    let t = performance.now();
    parseEnglish(text);
    bare.push(performance.now() - t);
    t = performance.now();
    coach(text);
    checked.push(performance.now() - t);
  }
  return { words: text.split(/\s+/).length, flags: coldFlags.length, coldMs: cold, bareMs: median(bare), coachMs: median(checked), rounds: ROUNDS };
}

function table(ev: Evaluation): string[] {
  const lines = ['| category | precision | recall | TP | FP | FN | TN |', '|---|---:|---:|---:|---:|---:|---:|'];
  for (const c of CORE_CATEGORIES) {
    const m = ev.perCategory[c];
    lines.push(`| ${c} | ${m.precision.toFixed(2)} | ${m.recall.toFixed(2)} | ${m.tp} | ${m.fp} | ${m.fn} | ${m.tn} |`);
  }
  return lines;
}

export async function benchCoach(): Promise<CoachRow[]> {
  const corpus = loadCorpus();
  const splits = { dev: evaluateSplit(corpus, 'dev'), 'held-out': evaluateSplit(corpus, 'held-out'), fresh: evaluateSplit(corpus, 'fresh'), all: evaluateSplit(corpus, 'all') };
  const speed = benchSpeed(statusUpdate(corpus));
  type BrowserRun = Awaited<ReturnType<typeof import('./browser-coach').benchBrowserCoach>>;
  let browser: BrowserRun | null = null;
  const browserRuns: BrowserRun[] = [];
  if (process.env.BENCH_COACH_BROWSER !== '0') {
    try {
      // three runs, each on a fresh server and browser; the worst one is reported (a single run once showed
      // 58 long tasks on a machine whose load then moved, and never again: one run is not a figure)
      const { benchBrowserCoach } = await import('./browser-coach');
      for (let i = 0; i < 3; i++) browserRuns.push(await benchBrowserCoach());
      browser = browserRuns.reduce((worst, r) => (r.longestTaskMs > worst.longestTaskMs ? r : worst));
    } catch (err) {
      console.log(`  (coach browser bench not run: ${err instanceof Error ? err.message : err})`);
    }
  }
  const rows: CoachRow[] = [
    { name: 'coach: check a 2,000-word status update (median)', value: round(speed.coachMs), unit: 'ms', baseline: round(speed.bareMs), ratio: round(speed.coachMs / speed.bareMs, 2) },
  ];
  if (browser) {
    rows.push({ name: 'coach editor: longest main-thread task while typing on 2,000 words', value: round(browser.longestTaskMs, 1), unit: 'ms', baseline: 50, ratio: round(browser.longestTaskMs / 50, 2) });
  }

  const md = [
    '# Communication coach',
    '',
    `${new Date().toISOString()} · Node ${process.version} · ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length} · load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`,
    '',
    `Corpus: ${corpus.length} examples (bench/coach/corpus.jsonl), ${corpus.filter((e) => e.split === 'dev').length} dev / ${corpus.filter((e) => e.split === 'held-out').length} held-out / ${corpus.filter((e) => e.split === 'fresh').length} fresh; ${corpus.filter((e) => e.labels.length === 0).length} clean.`,
    'An example is flagged for a category when the coach raises any flag of that category in it. The rules were tuned on the dev split.',
    'The held-out split was not tuned on until 2026-12-02, when three of its misses were read to learn their kind (a week next to a named day, "when he gets a chance", a count of downloads in the passive); those kinds were fixed with new dev examples, so held-out is no longer untouched for vague-time and hidden-ownership.',
    'The fresh split was written on 2026-12-02 after those fixes and has not been tuned on: it is the honest out-of-sample figure (small: about 3 positives per category).',
    '',
  ];
  for (const [name, ev] of Object.entries(splits)) md.push(`## ${name} (${ev.examples} examples)`, '', ...table(ev), '');
  md.push(
    '## Speed',
    '',
    `Checking a ${speed.words}-word status update (${speed.flags} flags) against a bare retext-english parse of the same text, ${speed.rounds} interleaved rounds, medians:`,
    '',
    '| measure | ms |',
    '|---|---:|',
    `| bare retext-english parse (baseline) | ${speed.bareMs.toFixed(2)} |`,
    `| coach check | ${speed.coachMs.toFixed(2)} |`,
    `| **ratio** (aim ≤ 3) | **${(speed.coachMs / speed.bareMs).toFixed(2)}** |`,
    `| first (cold) check, for reference | ${speed.coldMs.toFixed(2)} |`,
    '',
  );
  if (browser) {
    md.push(
      '## Browser: typing in the editor on 2,000 words',
      '',
      `Chromium (headless), the decision request form's Context field holding a ${browser.words}-word text; ${browser.typed} characters typed one by one (${browser.delayMs} ms apart), the coach running in its worker after each 300 ms pause. Long tasks on the main thread from the first keystroke until the last check was shown; ${browserRuns.length} runs, the worst shown (long tasks per run: ${browserRuns.map((r) => `${r.longTasks} (longest ${r.longestTaskMs.toFixed(0)} ms)`).join(', ')}):`,
      '',
      '| measure | value (worst run) |',
      '|---|---:|',
      `| long tasks (> 50 ms) | ${browser.longTasks} |`,
      `| longest main-thread task | ${browser.longestTaskMs.toFixed(1)} ms |`,
      `| coach checks in the worker (median of ${browser.checks}) | ${browser.workerMedianMs.toFixed(1)} ms |`,
      `| flags shown at the end | ${browser.flagsShown} |`,
      '',
    );
  } else {
    md.push('## Browser', '', 'Not run.', '');
  }
  writeFileSync(path.join(here, 'results/coach.md'), `${md.join('\n')}\n`);
  writeFileSync(
    path.join(here, 'results/coach.json'),
    `${JSON.stringify({ at: new Date().toISOString(), node: process.version, loadavg: os.loadavg(), corpus: corpus.length, quality: Object.fromEntries(Object.entries(splits).map(([k, v]) => [k, { examples: v.examples, perCategory: v.perCategory }])), speed, browser, browserRuns, rows }, null, 2)}\n`,
  );
  console.log(md.join('\n'));
  return rows;
}

if (/bench[/\\]coach\.ts$/.test(process.argv[1] ?? '')) {
  await benchCoach();
}
