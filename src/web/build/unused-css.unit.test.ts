import { describe, expect, it } from 'vitest';
import { dropUnusedMantineRules, isDeadSelector, mantineClassesIn, rehashedName } from './unused-css';

const used = new Set(['m_11111111', 'm_2222222']);

describe('pruning Mantine rules no chunk names', () => {
  it('reads the classes the JavaScript names, and only those', () => {
    const found = mantineClassesIn(['var c={root:"m_11111111",label:"m_2222222"};', 'x.m_abcdef12;not_m_1234567a; m_zz']);
    expect([...found].sort()).toEqual(['m_11111111', 'm_2222222', 'm_abcdef12']);
  });

  it('calls a selector dead when it requires a class nobody names, never for one inside :not()', () => {
    expect(isDeadSelector('.m_11111111', used)).toBe(false);
    expect(isDeadSelector('.m_99999999', used)).toBe(true);
    expect(isDeadSelector('.m_11111111 .m_99999999:where([data-x])', used)).toBe(true);
    expect(isDeadSelector(':where(.m_99999999)', used)).toBe(true);
    expect(isDeadSelector('.m_11111111:not(.m_99999999)', used)).toBe(false);
    // a longer name that merely starts like a used one is another class
    expect(isDeadSelector('.m_2222222a', used)).toBe(true);
    expect(isDeadSelector('.mantine-active, .app_button_x, [data-m_99999999]', used)).toBe(false);
    // any-of pseudo-classes: dead only when every alternative is
    expect(isDeadSelector(':is(.m_11111111, .m_99999999) > a', used)).toBe(false);
    expect(isDeadSelector(':where(.m_99999999, .m_88888888)', used)).toBe(true);
    expect(isDeadSelector('.m_11111111:has(:is(.m_99999999, .m_2222222))', used)).toBe(false);
    expect(isDeadSelector('.m_11111111:has(.m_99999999)', used)).toBe(true);
    // :not() at any depth, and other functional pseudo-classes, never make a selector dead
    expect(isDeadSelector('.m_11111111:not(:is(.m_99999999))', used)).toBe(false);
    expect(isDeadSelector('.m_11111111:not(.a, :has(.m_99999999))', used)).toBe(false);
    expect(isDeadSelector('li:nth-child(2n of .m_99999999)', used)).toBe(false);
    // an escaped character is part of a name: `.x\.m_…` is one class, not x and m_…
    expect(isDeadSelector('.x\\.m_99999999', used)).toBe(false);
  });

  it('drops dead rules and selectors, and at-rules left empty, keeping everything else as written', () => {
    const css = [
      ':root{--x:1}',
      '.m_11111111{color:red}',
      '.m_99999999{color:blue}',
      '.m_99999999,.m_2222222{margin:0}',
      '@media (max-width:10em){.m_99999999{padding:0}}',
      '@media (min-width:10em){.m_11111111{padding:1px}.m_99999999{padding:2px}}',
      '@supports (display:grid){@media print{.m_99999999{display:none}}}',
      '@keyframes m_99999999{0%{opacity:0}to{opacity:1}}',
      '.own_class{top:0}',
    ].join('');
    const { css: out, droppedRules } = dropUnusedMantineRules(css, used);
    expect(out).toBe(
      [
        ':root{--x:1}',
        '.m_11111111{color:red}',
        '.m_2222222{margin:0}',
        '@media (min-width:10em){.m_11111111{padding:1px}}',
        '@keyframes m_99999999{0%{opacity:0}to{opacity:1}}',
        '.own_class{top:0}',
      ].join(''),
    );
    expect(droppedRules).toBe(4);
  });

  it('renames a stylesheet after its content', () => {
    const a = rehashedName('assets/index-C-eLAxUx.css', 'a{}');
    expect(a).toMatch(/^assets\/index-[A-Za-z0-9_-]{8}\.css$/);
    expect(a).not.toBe('assets/index-C-eLAxUx.css');
    expect(rehashedName('assets/index-C-eLAxUx.css', 'a{}')).toBe(a);
    expect(rehashedName('assets/index-C-eLAxUx.css', 'b{}')).not.toBe(a);
  });
});
