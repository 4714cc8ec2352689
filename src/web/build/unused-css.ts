/**
 * Drops the rules of Mantine's stylesheets that style components the app never uses (vite.config.ts; ADR 0037).
 *
 * Mantine ships one stylesheet for all of its components; every component's JavaScript names its own classes
 * (`m_` and a hash, e.g. `m_77c9d27d`) as string literals. A class that no chunk of the build names is never put on
 * an element, so a selector that requires it (outside `:not()`) matches nothing and its rule can go. Everything
 * else is kept as written: the app's own classes, Mantine's static `mantine-*` classes, element, attribute and
 * variable rules, keyframes and font faces.
 */
import { createHash } from 'node:crypto';
import postcss, { type AtRule } from 'postcss';
import type { Plugin } from 'vite';

/** A Mantine component class, as the JavaScript names it. */
const NAMED_IN_JS = /\bm_[0-9a-f]{6,8}\b/g;
/** The same class in a selector (`.m_…`). */
const IN_SELECTOR = /\.(m_[0-9a-f]{6,8})(?![0-9a-zA-Z_-])/g;
/** Bump with every change to what this file drops or how it renames (see `augmentChunkHash` below). */
const PRUNING_VERSION = `unused-css 2, postcss ${postcss().version}`;

/** Pseudo-classes that match when any one of their selectors does. */
const ANY_OF = new Set(['is', 'where', 'matches', 'any', '-webkit-any', 'has']);

/** Every Mantine class the given JavaScript sources name. */
export function mantineClassesIn(sources: Iterable<string>): Set<string> {
  const used = new Set<string>();
  for (const code of sources) for (const m of code.matchAll(NAMED_IN_JS)) used.add(m[0]);
  return used;
}

/** Splits `text` at its commas outside parentheses and brackets. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(text.slice(from));
  return parts;
}

/**
 * True when `selector` requires a Mantine class that is not in `used`. Inside `:is()`, `:where()`, `:has()` (and
 * their old names) a part is dead only when every one of its selectors is; a class inside `:not()` or any other
 * functional pseudo-class (`:nth-child(… of …)`) never makes a selector dead.
 */
export function isDeadSelector(selector: string, used: ReadonlySet<string>): boolean {
  let outside = '';
  for (let i = 0; i < selector.length; i++) {
    const ch = selector[i];
    if (ch === '\\') {
      // an escaped character is part of a name, never syntax (nor the start of a class)
      outside += '__';
      i++;
      continue;
    }
    const pseudo = ch === ':' ? /^::?([-a-zA-Z]+)\(/.exec(selector.slice(i)) : null;
    if (!pseudo) {
      outside += ch;
      continue;
    }
    // the argument, up to its matching parenthesis
    let depth = 0;
    let end = i + pseudo[0].length - 1;
    for (; end < selector.length; end++) {
      if (selector[end] === '(') depth++;
      else if (selector[end] === ')' && --depth === 0) break;
    }
    const argument = selector.slice(i + pseudo[0].length, end);
    if (ANY_OF.has(pseudo[1]!.toLowerCase()) && splitTopLevel(argument).every((alt) => isDeadSelector(alt, used))) return true;
    outside += ' ';
    i = end;
  }
  for (const m of outside.matchAll(IN_SELECTOR)) if (!used.has(m[1]!)) return true;
  return false;
}

/** `css` without the selectors (and the rules and at-rules left empty) that need a class not in `used`. */
export function dropUnusedMantineRules(css: string, used: ReadonlySet<string>): { css: string; droppedRules: number } {
  const root = postcss.parse(css);
  let droppedRules = 0;
  root.walkRules((rule) => {
    const parent = rule.parent as AtRule | undefined;
    if (parent?.type === 'atrule' && /keyframes$/i.test(parent.name)) return;
    const kept = rule.selectors.filter((s) => !isDeadSelector(s, used));
    if (kept.length === rule.selectors.length) return;
    if (kept.length === 0) {
      rule.remove();
      droppedRules++;
    } else rule.selectors = kept;
  });
  // @media / @supports / @layer blocks whose every rule went
  let emptied = true;
  while (emptied) {
    emptied = false;
    root.walkAtRules((at) => {
      if (at.nodes && at.nodes.length === 0) {
        at.remove();
        emptied = true;
      }
    });
  }
  return { css: root.toString(), droppedRules };
}

/** `name-<hash>.css` with the hash of `content` in place of the hash Vite gave the unpruned file. */
export function rehashedName(fileName: string, content: string): string {
  const hash = createHash('sha256').update(content).digest('base64url').slice(0, 8);
  return fileName.replace(/-[A-Za-z0-9_-]{8}\.css$/, `-${hash}.css`);
}

/**
 * Vite plugin: after the build has rendered every chunk, prunes each stylesheet against the classes they name,
 * and renames it after its new content (a pruned file keeps no name a browser may have cached with other rules),
 * in every chunk, page and manifest entry that names it.
 */
export function pruneUnusedMantineCss(): Plugin {
  return {
    name: 'candor-prune-unused-mantine-css',
    apply: 'build',
    enforce: 'post',
    // The chunks are named before this plugin runs, after the unpruned sheets; the preload lists written into
    // them then name the pruned ones. So every chunk's name also carries the pruning's own version: a change to
    // how it prunes (this file, or postcss) renames every chunk, and no cached chunk can name a sheet that is gone.
    augmentChunkHash: () => PRUNING_VERSION,
    generateBundle(_options, bundle) {
      const files = Object.values(bundle);
      const used = mantineClassesIn(files.flatMap((f) => (f.type === 'chunk' ? [f.code] : [])));
      const renamed = new Map<string, string>();
      for (const file of files) {
        if (file.type !== 'asset' || !file.fileName.endsWith('.css')) continue;
        const css = dropUnusedMantineRules(String(file.source), used).css;
        const name = rehashedName(file.fileName, css);
        file.source = css;
        if (name === file.fileName) continue;
        renamed.set(file.fileName, name);
        delete bundle[file.fileName];
        file.fileName = name;
        bundle[name] = file;
      }
      if (renamed.size === 0) return;
      const rename = (text: string) => {
        let out = text;
        for (const [from, to] of renamed) out = out.split(from).join(to);
        return out;
      };
      for (const file of Object.values(bundle)) {
        if (file.type === 'chunk') {
          file.code = rename(file.code);
          const css = file.viteMetadata?.importedCss;
          if (css) for (const [from, to] of renamed) if (css.delete(from)) css.add(to);
        } else if (typeof file.source === 'string' && /\.(html|js|css)$/.test(file.fileName)) file.source = rename(file.source);
      }
    },
  };
}
