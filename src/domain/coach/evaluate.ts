/**
 * Precision and recall of the coach per category on a labelled corpus, with
 * the confusion counts. An example counts as flagged for a category when the
 * coach raises at least one flag of that category anywhere in it.
 */
import { CORE_CATEGORIES, type CoreCategory, type Flag } from './types';

export interface LabelledExample {
  id: string;
  /** dev: tuned on; held-out: kept apart (see bench/results/coach.md for what was read of it); fresh: written after the last tuning, never tuned on. */
  split: 'dev' | 'held-out' | 'fresh';
  labels: CoreCategory[];
  text: string;
  glossary?: string[];
}

export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
}

export interface Evaluation {
  examples: number;
  perCategory: Record<CoreCategory, Confusion>;
  /** Examples the coach got wrong, per category (ids), to read. */
  falsePositives: Record<CoreCategory, string[]>;
  falseNegatives: Record<CoreCategory, string[]>;
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

export function evaluate(examples: readonly LabelledExample[], check: (e: LabelledExample) => Flag[]): Evaluation {
  const perCategory = {} as Record<CoreCategory, Confusion>;
  const falsePositives = {} as Record<CoreCategory, string[]>;
  const falseNegatives = {} as Record<CoreCategory, string[]>;
  for (const c of CORE_CATEGORIES) {
    perCategory[c] = { tp: 0, fp: 0, fn: 0, tn: 0, precision: 1, recall: 1 };
    falsePositives[c] = [];
    falseNegatives[c] = [];
  }
  for (const e of examples) {
    const flagged = new Set(check(e).map((f) => f.category));
    for (const c of CORE_CATEGORIES) {
      const want = e.labels.includes(c);
      const got = flagged.has(c);
      const m = perCategory[c];
      if (want && got) m.tp++;
      else if (!want && got) {
        m.fp++;
        falsePositives[c].push(e.id);
      } else if (want && !got) {
        m.fn++;
        falseNegatives[c].push(e.id);
      } else m.tn++;
    }
  }
  for (const c of CORE_CATEGORIES) {
    const m = perCategory[c];
    m.precision = ratio(m.tp, m.tp + m.fp);
    m.recall = ratio(m.tp, m.tp + m.fn);
  }
  return { examples: examples.length, perCategory, falsePositives, falseNegatives };
}

/** Parses the corpus file (JSON lines), checking each line's shape. */
export function parseCorpus(jsonl: string): LabelledExample[] {
  return jsonl
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line, n) => {
      const e = JSON.parse(line) as LabelledExample;
      if (typeof e.id !== 'string' || typeof e.text !== 'string' || !Array.isArray(e.labels) || !['dev', 'held-out', 'fresh'].includes(e.split)) {
        throw new Error(`corpus line ${n + 1}: expected {id, split, labels, text}`);
      }
      for (const l of e.labels) if (!CORE_CATEGORIES.includes(l)) throw new Error(`corpus line ${n + 1}: unknown category ${l}`);
      return e;
    });
}
