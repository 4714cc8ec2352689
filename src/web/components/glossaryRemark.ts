import type { Parent, PhrasingContent, Root, Text } from 'mdast';
import { findGlossaryTerms, type GlossaryEntry } from '../../domain/coach/glossary';

/**
 * A remark plugin that marks the first use of each glossary term in the
 * document as a `<span data-glossary="…">` element, which MarkdownView renders
 * as a term with its plain explanation. Code, links and headings' text stay as
 * they are in code and links (a term there is not explained).
 */
const SKIP = new Set(['code', 'inlineCode', 'link', 'linkReference', 'html']);

export function remarkGlossary(entries: readonly GlossaryEntry[]) {
  return () => (tree: Root) => {
    if (entries.length === 0) return;
    const seen = new Set<string>();
    const walk = (node: Parent) => {
      const out: Parent['children'] = [];
      for (const child of node.children) {
        if (child.type === 'text') {
          out.push(...split(child, entries, seen));
          continue;
        }
        if ('children' in child && !SKIP.has(child.type)) walk(child as Parent);
        out.push(child);
      }
      node.children = out as typeof node.children;
    };
    walk(tree);
  };
}

function split(node: Text, entries: readonly GlossaryEntry[], seen: Set<string>): PhrasingContent[] {
  const hits = findGlossaryTerms(node.value, entries, seen);
  if (hits.length === 0) return [node];
  const parts: PhrasingContent[] = [];
  let at = 0;
  for (const h of hits) {
    if (h.start > at) parts.push({ type: 'text', value: node.value.slice(at, h.start) });
    parts.push({
      // an emphasis node renamed to a span: mdast-util-to-hast honours data.hName
      type: 'emphasis',
      data: { hName: 'span', hProperties: { dataGlossary: h.entry.explanation } },
      children: [{ type: 'text', value: node.value.slice(h.start, h.end) }],
    });
    at = h.end;
  }
  if (at < node.value.length) parts.push({ type: 'text', value: node.value.slice(at) });
  return parts;
}
