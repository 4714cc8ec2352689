import ts from 'typescript';
import { SCOPES } from './scoped';

/**
 * The check behind ADR 0011: finds reads of engagement content that bypass
 * `scoped()`. Two kinds of violation, in any file outside the helper:
 * - `selectFrom('<engagement table>')` not called on `unscoped(db, 'why')`;
 * - a hand-written filter on an engagement, chain or visibility column
 *   (`where('engagement_id', …)`, `eb('visibility', …)`, `on(…)`) outside a
 *   query rooted at `unscoped(…)`.
 * Pure: source text in, violations out (the unit test runs it on the tree).
 */
export interface Violation {
  file: string;
  line: number;
  kind: 'unscoped-select' | 'hand-filter';
  text: string;
}

const TABLES = new Set(Object.keys(SCOPES));
const FILTER_COLUMN = /^(?:\w+\.)?(?:engagement_id|chain_id|visibility|audience)$/;
const FILTER_CALLS = new Set(['where', 'orWhere', 'on', 'having', 'whereRef', 'onRef']);

/** The call at the root of a method chain (`unscoped(db, 'x').selectFrom(…).where(…)` → the `unscoped` call), if any. */
function chainRoot(node: ts.Expression): ts.CallExpression | null {
  let n: ts.Expression = node;
  for (;;) {
    if (ts.isCallExpression(n)) {
      if (ts.isIdentifier(n.expression)) return n;
      n = n.expression;
    } else if (ts.isPropertyAccessExpression(n) || ts.isNonNullExpression(n) || ts.isParenthesizedExpression(n) || ts.isAsExpression(n)) {
      n = n.expression;
    } else {
      return null;
    }
  }
}

const isUnscopedCall = (c: ts.CallExpression | null) => !!c && ts.isIdentifier(c.expression) && c.expression.text === 'unscoped';

/** Whether the node sits inside a query rooted at `unscoped(…)` (including callbacks passed to it). */
function underUnscoped(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    if (ts.isCallExpression(n) && isUnscopedCall(chainRoot(n))) return true;
  }
  return false;
}

function firstStringArg(call: ts.CallExpression): string | null {
  const a = call.arguments[0];
  return a && (ts.isStringLiteral(a) || ts.isNoSubstitutionTemplateLiteral(a)) ? a.text : null;
}

function calleeName(call: ts.CallExpression): string | null {
  if (ts.isIdentifier(call.expression)) return call.expression.text;
  if (ts.isPropertyAccessExpression(call.expression)) return call.expression.name.text;
  return null;
}

export function findUnscopedReads(file: string, source: string): Violation[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: Violation[] = [];
  const report = (node: ts.Node, kind: Violation['kind']) => {
    const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    out.push({ file, line: line + 1, kind, text: node.getText(sf).split('\n')[0]!.slice(0, 120) });
  };
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      const arg = firstStringArg(node);
      if (name === 'selectFrom' && arg && TABLES.has(arg.split(' as ')[0]!.trim()) && !underUnscoped(node)) report(node, 'unscoped-select');
      const isEb = name === 'eb' && ts.isIdentifier(node.expression);
      if ((FILTER_CALLS.has(name ?? '') || isEb) && arg && FILTER_COLUMN.test(arg) && !underUnscoped(node)) report(node, 'hand-filter');
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}
