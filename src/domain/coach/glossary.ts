/**
 * Where glossary terms appear in a text, so a client reading it can see the
 * plain explanation beside the term (a tooltip in the web app).
 *
 * Matching is case-insensitive and on word boundaries ("API" is found in "the
 * API's limits" and "APIs", not in "rapid"); a longer term wins over a shorter one inside
 * it ("CI/CD pipeline" over "CI/CD"); spans never overlap. `seen` carries the
 * terms already marked in earlier parts of the same document, so that each
 * term is explained once, at its first use.
 */
export interface GlossaryEntry {
  term: string;
  explanation: string;
}

export interface GlossaryHit {
  start: number;
  end: number;
  entry: GlossaryEntry;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A letter or digit: what a term must not touch on either side. */
const WORD = /[\p{L}\p{N}]/u;

export function findGlossaryTerms(text: string, entries: readonly GlossaryEntry[], seen: Set<string> = new Set()): GlossaryHit[] {
  const usable = entries.filter((e) => e.term.trim() && !seen.has(e.term.trim().toLowerCase())).sort((a, b) => b.term.trim().length - a.term.trim().length);
  const hits: GlossaryHit[] = [];
  for (const entry of usable) {
    const key = entry.term.trim().toLowerCase();
    if (seen.has(key)) continue;
    const re = new RegExp(escapeRegExp(entry.term.trim()), 'giu');
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const start = m.index;
      let end = start + m[0].length;
      // a plural or possessive of the term is the term ("APIs", "the API's")
      if (/^'?s/.test(text.slice(end, end + 2)) && !WORD.test(text[end + (text[end] === "'" ? 2 : 1)] ?? '')) end += text[end] === "'" ? 2 : 1;
      const before = text[start - 1];
      const after = text[end];
      if ((before && WORD.test(before)) || (after && WORD.test(after))) continue;
      if (hits.some((h) => start < h.end && end > h.start)) continue;
      hits.push({ start, end, entry });
      seen.add(key);
      break;
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}
