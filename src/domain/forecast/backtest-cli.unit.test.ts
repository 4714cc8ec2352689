// Tests for src/cli/forecast-backtest.ts (CSV loading and the command), kept next to the engine it drives.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { getMapping, loadTasks, parseCsv, readTextFile, registerForecastCommands } from '../../cli/forecast-backtest';

const HEADER =
  'project_key,person_key,team_key,wbs_element_key,plan_item_key,task_actual_start_date,task_actual_complete_date,task_actual_time_minutes,task_plan_time_minutes,phase_key,phase_short_name,process_name';

function row(project: string, person: string, completed: string, actual: string, plan: string): string {
  return `${project},${person},1,1,1,1/1/2013 9:00,${completed},${actual},${plan},1,Code,P`;
}

const dir = mkdtempSync(path.join(tmpdir(), 'candor-forecast-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string, gzip = false): string {
  const file = path.join(dir, name);
  writeFileSync(file, gzip ? gzipSync(text) : text);
  return file;
}

/** A CSV with two 120-task projects where every task takes 1.5× its plan. */
function syntheticCsv(): string {
  const lines = [HEADER];
  for (const project of ['7', '8']) {
    for (let i = 0; i < 120; i++) {
      const day = 1 + Math.floor(i / 10);
      const plan = 10 + (i % 5) * 10;
      const month = project === '7' ? 1 : 6;
      lines.push(row(project, `p${i % 3}`, `${month}/${day}/2013 ${i % 10}:05`, String(plan * 1.5), String(plan)));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

async function runCli(args: string[]): Promise<{ stdout: string; error: unknown }> {
  const program = new Command('candor').exitOverride();
  registerForecastCommands(program);
  let stdout = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['node', 'candor', ...args]);
    return { stdout, error: undefined };
  } catch (error) {
    return { stdout, error };
  } finally {
    spy.mockRestore();
  }
}

describe('CSV loading', () => {
  it('parses quotes, doubled quotes, embedded newlines and CRLF, with line numbers', () => {
    const records = parseCsv('a,b\r\n"x, y","say ""hi"""\r\n"multi\nline",2\n3,4');
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 5]);
    expect(records[1]!.fields).toEqual(['x, y', 'say "hi"']);
    expect(records[2]!.fields).toEqual(['multi\nline', '2']);
  });

  it('reads gzip transparently', () => {
    const text = syntheticCsv();
    expect(readTextFile(write('t.csv.gz', text, true))).toBe(text);
  });

  it('maps CESAW columns and counts what it leaves out', () => {
    const text = [
      HEADER,
      row('1', '5', '2/3/2013 14:07', '30', '20'),
      row('1', '5', '\\N', '30', '20'),
      row('1', '\\N', '2/3/2013 14:09', '0', '20'),
      row('1', '5', '2/3/2013 14:09', '12', '0'),
      row('1', '5', '2/3/2013 14:09', '12', ''),
    ].join('\n');
    const loaded = loadTasks(text, getMapping('cesaw'), 'x.csv');
    expect(loaded.rows).toBe(5);
    expect(loaded.tasks).toEqual([
      { project: '1', estimator: '5', estimate: 20, actual: 30, completedAt: Date.UTC(2013, 1, 3, 14, 7), row: 2, startedAt: Date.UTC(2013, 0, 1, 9, 0), group: 'P' },
    ]);
    expect(loaded.excluded).toEqual({ notEstimated: 2, noActual: 1, notCompleted: 1, unreadableStart: 0 });
    // An unreadable start (optional column) keeps the task; its effort then counts at its completion.
    const odd = loadTasks(`${HEADER}\n1,5,1,1,1,0016-01-11 16:22:26,2/3/2013 14:07,30,20,1,Code,\\N`, getMapping('cesaw'), 'x.csv');
    expect(odd.tasks[0]).toMatchObject({ startedAt: null, group: null });
    expect(odd.excluded.unreadableStart).toBe(1);
  });

  it('names bad rows by line number', () => {
    const text = [HEADER, row('1', '5', '2/3/2013 14:07', '30', '20'), row('1', '5', '13/40/2013 1:00', '30', '20'), row('1', '5', '2/3/2013 1:00', 'abc', '20'), '1,2,3'].join('\n');
    expect(() => loadTasks(text, getMapping('cesaw'), 'x.csv')).toThrow(
      /x\.csv: 3 bad row\(s\):\n {2}row 3: task_actual_complete_date is not a date in M\/D\/YYYY H:MM: "13\/40\/2013 1:00"\n {2}row 4: task_actual_time_minutes is not a non-negative number: "abc"\n {2}row 5: expected 12 fields, found 3/,
    );
  });

  it('reports missing columns, unknown mappings, empty and missing files', () => {
    expect(() => loadTasks('project_key,person_key\n1,2', getMapping('cesaw'), 'x.csv')).toThrow(
      /missing column\(s\) for this mapping: task_plan_time_minutes \(estimate\), task_actual_time_minutes \(actual\), task_actual_complete_date \(completed\)/,
    );
    expect(() => getMapping('jira')).toThrow(/unknown mapping "jira" \(known mappings: cesaw\)/);
    expect(() => getMapping('toString')).toThrow(/unknown mapping/);
    expect(() => loadTasks('', getMapping('cesaw'), 'x.csv')).toThrow(/empty/);
    expect(() => readTextFile(path.join(dir, 'nope.csv'))).toThrow(/file not found: .*nope\.csv/);
  });
});

describe('forecast backtest command', () => {
  it('prints exactly the documented JSON shape', async () => {
    const file = write('s.csv.gz', syntheticCsv(), true);
    const { stdout, error } = await runCli(['forecast', 'backtest', '--csv', file, '--map', 'cesaw', '--json', '--trials', '200', '--seed', '3']);
    expect(error).toBeUndefined();
    const parsed = JSON.parse(stdout);
    expect(Object.keys(parsed)).toEqual(['checkpoints', 'hitRate', 'dateHitRate', 'dateHitRateLastFourWeeks', 'rawEstimateHitRate', 'sharpness', 'byStage', 'projects']);
    expect(Object.keys(parsed.hitRate)).toEqual(['p50', 'p85', 'p95']);
    expect(Object.keys(parsed.dateHitRate)).toEqual(['checkpoints', 'p50', 'p85', 'p95']);
    expect(Object.keys(parsed.sharpness)).toEqual(['medianP95toP50', 'meanIntervalScore90', 'meanScaledIntervalScore90']);
    expect(parsed.byStage.map((s: { stage: string; checkpoints: number }) => [s.stage, s.checkpoints])).toEqual([
      ['early (10–30%)', 10],
      ['middle (35–65%)', 14],
      ['late (70–90%)', 10],
    ]);
    expect(parsed.checkpoints).toBe(34);
    expect(parsed.rawEstimateHitRate).toBe(0);
    expect(parsed.projects.map((p: { project: string }) => p.project)).toEqual(['7', '8']);
  });

  it('adds the leave-one-group-out table with --leave-one-group-out', async () => {
    const file = write('s3.csv', syntheticCsv());
    const { stdout, error } = await runCli(['forecast', 'backtest', '--csv', file, '--map', 'cesaw', '--json', '--trials', '100', '--leave-one-group-out']);
    expect(error).toBeUndefined();
    const parsed = JSON.parse(stdout);
    // Both synthetic projects run process "P": the only group, held out with nothing left to fit on but the prior.
    expect(parsed.leaveOneGroupOut.groups.map((g: { group: string; projects: number }) => [g.group, g.projects])).toEqual([['P', 2]]);
    expect(parsed.leaveOneGroupOut.pooled.checkpoints).toBe(34);
  });

  it('prints a readable table without --json', async () => {
    const file = write('s.csv', syntheticCsv());
    const { stdout, error } = await runCli(['forecast', 'backtest', '--csv', file, '--map', 'cesaw', '--trials', '100']);
    expect(error).toBeUndefined();
    expect(stdout).toMatch(/\| pooled \|/);
    expect(stdout).toMatch(/\| 7 \| 120 \| 1\.50 \| 17 \|/);
  });

  it('fails clearly on bad options and unusable data', async () => {
    const file = write('s2.csv', syntheticCsv());
    expect((await runCli(['forecast', 'backtest', '--csv', file, '--map', 'nope'])).error).toHaveProperty('message', expect.stringMatching(/unknown mapping "nope"/));
    expect((await runCli(['forecast', 'backtest', '--csv', file, '--map', 'cesaw', '--trials', 'many'])).error).toHaveProperty(
      'message',
      expect.stringMatching(/--trials must be an integer/),
    );
    expect((await runCli(['forecast', 'backtest', '--csv', file, '--map', 'cesaw', '--pace-drift', 'sometimes'])).error).toHaveProperty(
      'message',
      expect.stringMatching(/--pace-drift must be completed-projects or none, got "sometimes"/),
    );
    expect((await runCli(['forecast', 'backtest', '--csv', file, '--map', 'cesaw', '--censoring', 'all'])).error).toHaveProperty(
      'message',
      expect.stringMatching(/--censoring must be in-flight or none, got "all"/),
    );
    const small = write('small.csv', [HEADER, row('1', '5', '2/3/2013 14:07', '30', '20')].join('\n'));
    expect((await runCli(['forecast', 'backtest', '--csv', small, '--map', 'cesaw'])).error).toHaveProperty(
      'message',
      expect.stringMatching(/no project has enough usable tasks/),
    );
  });
});
