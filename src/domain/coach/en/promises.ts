/**
 * promise-without-assumptions: a dated or definite promise ("We will deliver
 * the payment API on 3 March.") in a text that states no assumption, condition
 * or risk anywhere ("assuming …", "provided …", "if …", "the risk is …").
 * A hedged or vaguely timed promise is left to those categories.
 */
import type { Flag, Rule, RuleContext, Sentence } from '../types';
import { dateWords } from './dates';
import { findAll, patterns } from './match';
import { hedgedCommitment } from './hedges';
import { vagueTime } from './time';

const CATEGORY = 'promise-without-assumptions' as const;
const MESSAGE = 'A firm promise with nothing it depends on reads as a guarantee; saying what it assumes, or its risk, makes it one the client can plan on.';

const SUBJECT = new Set(['we', 'i', 'team', 'they', 'he', 'she']);
const PROMISE = patterns([
  'will|shall [definitely|certainly|absolutely|then|also|now|all]',
  'are|am going to',
  'commit|committed|promise|guarantee|pledge to',
  'are|am committed to',
  'promise|guarantee [that] [you] [it] [will]',
]);
const DELIVERY = new Set([
  'deliver', 'ship', 'release', 'launch', 'finish', 'complete', 'deploy', 'hand', 'send', 'have', 'migrate', 'fix', 'implement', 'build', 'provide', 'publish',
  'roll', 'integrate', 'submit', 'upgrade', 'finalise', 'finalize', 'wrap', 'close', 'resolve', 'set', 'get', 'go', 'move', 'switch', 'cut', 'turn', 'open',
  'be', 'start', 'begin', 'present', 'share', 'demo', 'make', 'put', 'bring', 'add', 'replace', 'remove', 'retire', 'install', 'configure', 'connect',
  'onboard', 'train', 'document', 'test', 'review', 'run', 'load', 'import', 'export', 'restore', 'recover', 'redesign', 'rebuild', 'rewrite', 'update',
  'delivering', 'shipping', 'releasing', 'launching', 'finishing', 'completing', 'deploying', 'having', 'migrating', 'fixing', 'handing', 'sending',
]);
const DEFINITE = new Set(['definitely', 'certainly', 'absolutely', 'guarantee', 'guaranteed', 'promise', 'promised', 'sure', 'without']);

/** Markers that an assumption, condition or risk is stated. */
const ASSUMPTIONS = patterns([
  'assuming', 'assume', 'assumes', 'assumption', 'assumptions', 'provided', 'providing', 'as long as', 'so long as', 'on condition', 'conditional on',
  'subject to', 'depends', 'depending', 'dependent', 'dependency', 'dependencies', 'contingent', 'unless', 'barring', 'risk', 'risks', 'risky', 'caveat',
  'given that', 'once', 'only if', 'if', 'relies', 'rely', 'relying', 'hinges', 'in case', 'otherwise', 'we need', 'we will need', 'we would need',
  'we require', 'requires', 'require', 'waiting on', 'waiting for', 'blocked', 'blocker', 'after you', 'after your', 'as soon as you', 'when you',
  'prerequisite', 'on the basis', 'based on', 'this assumes', 'the plan assumes', 'in the event',
]);
/** "If you have any questions…" is a courtesy, not a condition. */
const COURTESY_IF = patterns([
  'if you have|need|want|spot|see|notice|prefer|like',
  'if you would|d like|prefer',
  'if you are interested',
  'if there are|is any|anything',
  'if anything is unclear',
  'if that helps|works',
  'if so', 'if not', 'if possible', 'if needed', 'if necessary',
  'let us|me know if',
]);

/** Does the text state any assumption, condition or risk (apart from courtesies)? */
export function statesAssumption(doc: RuleContext['doc']): boolean {
  for (const s of doc.sentences) {
    const courtesy = new Set(findAll(s.words, COURTESY_IF).flatMap((m) => Array.from({ length: m.j - m.i }, (_, k) => m.i + k)));
    for (const m of findAll(s.words, ASSUMPTIONS)) {
      const ifIdx = s.words.slice(m.i, m.j).findIndex((w) => w.norm === 'if');
      if (ifIdx >= 0 && courtesy.has(m.i + ifIdx)) continue;
      return true;
    }
  }
  return false;
}

const ROLE = /^(team|developers?|designers?|engineers?|lead|manager|testers?|agency|studio|staff|consultants?|writers?|analysts?|specialists?|architects?)$/;
/** Who makes a promise: we, I, a named person ("Anna will…"), or one of our roles ("our designer will…"). Not "you". */
export function isPromiser(norm: string, raw: string, before: string | undefined): boolean {
  if (SUBJECT.has(norm)) return true;
  if (ROLE.test(norm) && (before === 'our' || before === 'the' || before === 'my')) return true;
  return /^[A-Z][a-z]+$/.test(raw) && !['It', 'This', 'That', 'There', 'You', 'Which', 'What'].includes(raw);
}

/** The span of a definite promise in a sentence: from its subject to the end of the sentence (without the full stop). */
export function promiseIn(text: string, s: Sentence): { start: number; end: number } | null {
  if (s.text.trim().endsWith('?')) return null;
  const w = s.words;
  for (const m of findAll(w, PROMISE)) {
    const subj = w[m.i - 1];
    if (!subj || !isPromiser(subj.norm, subj.text, w[m.i - 2]?.norm)) continue;
    const verb = w[m.j]?.norm;
    if (!verb || verb === 'not' || !DELIVERY.has(verb)) continue;
    const dated = dateWords(s).some((k) => k > m.i);
    const definite = w.some((x) => DEFINITE.has(x.norm)) || m.pattern.source.startsWith('commit') || m.pattern.source.startsWith('promise');
    if (!dated && !definite) continue;
    const start = w[m.i - 1]!.start;
    let end = s.end;
    while (end > start && /[.!\s]/.test(text[end - 1]!)) end--;
    return { start, end };
  }
  return null;
}

export function promiseWithoutAssumptions(ctx: RuleContext): Flag[] {
  const { doc } = ctx;
  if (statesAssumption(doc)) return [];
  const out: Flag[] = [];
  for (const s of doc.sentences) {
    const span = promiseIn(doc.text, s);
    if (!span) continue;
    if (hedgedCommitment(doc.text, s).length > 0 || vagueTime(doc.text, s).length > 0) continue;
    const excerpt = doc.text.slice(span.start, span.end);
    out.push({
      category: CATEGORY,
      rule: 'promise-without-assumptions',
      start: span.start,
      end: span.end,
      excerpt,
      message: MESSAGE,
      suggestion: `${excerpt}, assuming [what must hold]`,
    });
  }
  return out;
}

export const promiseRule: Rule = { id: 'promise-without-assumptions', category: CATEGORY, check: promiseWithoutAssumptions };
