import ts from 'typescript';

/**
 * The check behind ADR 0033's "secrets are compared in constant time". Pure:
 * source text in, findings out (secret-compare.unit.test.ts runs it on the tree).
 *
 * - `a === b`, `a !== b`, `a == b`, `a != b` and `a.equals(b)` where either side
 *   names a secret (a token, secret, password, signature, HMAC, nonce, API key or
 *   CSRF value): such comparisons stop at the first differing byte. Comparing a
 *   secret with `null`, `undefined`, a boolean or a number, or its `typeof`, is
 *   no comparison of its content and passes.
 * - `.where('<column naming a token or secret>', '=', value)` whose value is not
 *   `tokenHash(…)` (or a variable holding one): a lookup by the keyed hash is
 *   timing-safe by construction (the database compares HMACs under a key the
 *   caller does not know), a lookup by the raw secret is not.
 * Use `safeEqual` (auth/constant-time.ts) or look up by `tokenHash`.
 */
export interface SecretComparison {
  file: string;
  line: number;
  kind: 'equality' | 'raw-lookup';
  text: string;
}

const SECRET = /(secret|token|password|passwd|passphrase|signature|hmac|nonce|api_?key|csrf|^sig$)/i;
/** Names that carry a secret's word but not the secret: its id, name, prefix, time, count, type… */
const NOT_SECRET = /(Ids?|_ids?|Names?|_name|Prefix|_prefix|At|_at|Count|Length|Type|Kind|Url|Label|Field|Days|Hours|Minutes|Seconds|Ms|Policy|Required|Enabled|Exists|Valid|Expired|Mode|Source|Version|Scheme|Header|Cookie|Limit|Rule|Rules|Error|Message)$/;
const EQUALITY = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);

/** The name an operand is known by: `row.token_hash` → token_hash, `x['secret']` → secret, `f(x)` → null. */
function nameOf(e: ts.Expression): string | null {
  let n: ts.Expression = e;
  while (ts.isParenthesizedExpression(n) || ts.isNonNullExpression(n) || ts.isAsExpression(n)) n = n.expression;
  if (ts.isIdentifier(n)) return n.text;
  if (ts.isPropertyAccessExpression(n)) return n.name.text;
  if (ts.isElementAccessExpression(n) && ts.isStringLiteral(n.argumentExpression)) return n.argumentExpression.text;
  return null;
}

const namesSecret = (e: ts.Expression): boolean => {
  const name = nameOf(e);
  return !!name && SECRET.test(name) && !NOT_SECRET.test(name);
};

/** A side that says nothing about a secret's content: null, undefined, a boolean, a number, a typeof. */
function isHarmless(e: ts.Expression): boolean {
  let n: ts.Expression = e;
  while (ts.isParenthesizedExpression(n)) n = n.expression;
  if (n.kind === ts.SyntaxKind.NullKeyword || n.kind === ts.SyntaxKind.TrueKeyword || n.kind === ts.SyntaxKind.FalseKeyword) return true;
  if (ts.isIdentifier(n) && n.text === 'undefined') return true;
  if (ts.isNumericLiteral(n) || ts.isTypeOfExpression(n)) return true;
  if (ts.isVoidExpression(n)) return true;
  return false;
}

const isTokenHashCall = (e: ts.Expression) => ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'tokenHash';

export function findSecretComparisons(file: string, source: string): SecretComparison[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: SecretComparison[] = [];
  // variables initialised with tokenHash(…) in this file: `const id = tokenHash(secret, token)`
  const hashed = new Set<string>();
  const collect = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && isTokenHashCall(node.initializer)) hashed.add(node.name.text);
    ts.forEachChild(node, collect);
  };
  collect(sf);
  const report = (node: ts.Node, kind: SecretComparison['kind']) =>
    out.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, kind, text: node.getText(sf).replace(/\s+/g, ' ').slice(0, 160) });

  const visit = (node: ts.Node) => {
    if (ts.isBinaryExpression(node) && EQUALITY.has(node.operatorToken.kind)) {
      const { left, right } = node;
      if (!isHarmless(left) && !isHarmless(right) && (namesSecret(left) || namesSecret(right))) report(node, 'equality');
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      const [a, b] = node.arguments;
      if (method === 'equals' && a && (namesSecret(node.expression.expression) || namesSecret(a))) report(node, 'equality');
      if ((method === 'where' || method === 'orWhere') && a && b && node.arguments.length === 3 && ts.isStringLiteral(a) && ts.isStringLiteral(b) && b.text === '=') {
        const column = a.text.split('.').pop()!;
        const value = node.arguments[2]!;
        const ok = isTokenHashCall(value) || (ts.isIdentifier(value) && hashed.has(value.text));
        if (SECRET.test(column) && !NOT_SECRET.test(column) && !ok) report(node, 'raw-lookup');
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}
