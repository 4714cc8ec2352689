/** The coach bench's data: the labelled corpus and a status update made of it. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LabelledExample, parseCorpus } from '../src/domain/coach/evaluate';

const here = path.dirname(fileURLToPath(import.meta.url));

export function loadCorpus(): LabelledExample[] {
  return parseCorpus(readFileSync(path.join(here, 'coach/corpus.jsonl'), 'utf8'));
}

/** A status update of about `words` words: corpus texts in paragraphs of five. */
export function statusUpdate(corpus: LabelledExample[], words = 2000): string {
  const parts: string[] = [];
  let count = 0;
  for (let i = 0; count < words; i++) {
    const t = corpus[(i * 7) % corpus.length]!.text;
    parts.push(t + (i % 5 === 4 ? '\n\n' : ' '));
    count += t.split(/\s+/).length;
  }
  return parts.join('').trim();
}

