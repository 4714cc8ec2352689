import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');

function files(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|mts)$/.test(e.name))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));
}

/**
 * Every test runs on a controlled clock, never on today's date (a suite that
 * passes or fails by the calendar blocks every landing). Durations may still
 * be measured with Date.now(); "now" for the product must come from a
 * ManualClock or RunningClock set to a fixed instant.
 */
describe('tests run on a controlled clock', () => {
  const testFiles = [...files('test'), ...files('e2e'), ...files('src').filter((f) => /\.test\.ts$/.test(f))].filter((f) => f !== 'src/server/clock.unit.test.ts');
  const TODAY = [
    { what: 'the system clock', re: /\bsystemClock\b/ },
    { what: "a clock set to today's date", re: /new (ManualClock|RunningClock)\(\s*new Date\(\s*\)\s*\)/ },
    { what: "a clock set to today's date", re: /new (ManualClock|RunningClock)\(\s*new Date\(\s*Date\.now\(\)/ },
  ];

  it('finds the test files', () => {
    expect(testFiles.length).toBeGreaterThan(50);
  });

  it("no test or test fixture gives the product the system clock or today's date", () => {
    const found: string[] = [];
    for (const f of testFiles) {
      const text = readFileSync(path.join(ROOT, f), 'utf8');
      for (const t of TODAY) if (t.re.test(text)) found.push(`${f}: ${t.what}`);
    }
    expect(found).toEqual([]);
  });
});
