import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { csvFileName, csvText, neutraliseFormula } from './csv';

describe('CSV cells', () => {
  it('prefixes text a spreadsheet would run as a formula with an apostrophe (OWASP)', () => {
    for (const bad of ['=1+1', '+1', '-2+3', '@SUM(A1)', '\t=cmd', '\r=cmd', '=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0"]) {
      expect(neutraliseFormula(bad)).toBe(`'${bad}`);
    }
  });
  it('leaves other text alone, including formula characters later in the text', () => {
    for (const ok of ['plain', 'a=b', '1+1', ' =x', "'quoted", '', 'Ångström – 5 €', '5 - 3']) expect(neutraliseFormula(ok)).toBe(ok);
  });
  it('writes numbers as numbers, booleans as yes/no and nothing as an empty cell', () => {
    expect(csvText(-3)).toBe('-3');
    expect(csvText(2.5)).toBe('2.5');
    expect(csvText(Number.NaN)).toBe('');
    expect(csvText(true)).toBe('yes');
    expect(csvText(false)).toBe('no');
    expect(csvText(null)).toBe('');
    expect(csvText(undefined)).toBe('');
    expect(csvText('-3')).toBe("'-3"); // text that looks like a number is still text
  });
  it('survives a round trip through csv-stringify and csv-parse as text', () => {
    const row = ['=1+1', 'a,"b"', 'line\nbreak', '@x', 'ok'].map(csvText);
    const [back] = parse(stringify([row]));
    expect(back).toEqual(["'=1+1", 'a,"b"', 'line\nbreak', "'@x", 'ok']);
  });
  it('names files with safe characters only', () => {
    expect(csvFileName('status-updates', '0190a1b2-c3d4')).toBe('candor-status-updates-0190a1b2-c3d4.csv');
    expect(csvFileName('x"; evil', 'e/../1')).toBe('candor-x-evil-e-1.csv');
  });
});
