import { describe, expect, it } from 'vitest';
import { findGlossaryTerms } from './glossary';

const g = (term: string) => ({ term, explanation: `about ${term}` });
const found = (text: string, terms: string[], seen?: Set<string>) => findGlossaryTerms(text, terms.map(g), seen).map((h) => text.slice(h.start, h.end));

describe('glossary terms in a text', () => {
  it('finds a term case-insensitively, once, at its first use', () => {
    expect(found('The api is ready. The API limits are 10/s.', ['API'])).toEqual(['api']);
  });
  it('matches on word boundaries only', () => {
    expect(found('A rapid fix; APIcall later.', ['API'])).toEqual([]);
    expect(found("The API's limits", ['API'])).toEqual(["API's"]);
    expect(found('Which carrier APIs are in scope', ['API'])).toEqual(['APIs']);
    expect(found('Two webhooks; polling.', ['Webhook', 'Polling'])).toEqual(['webhooks', 'polling']);
    expect(found('(p95) rose', ['p95'])).toEqual(['p95']);
  });
  it('prefers the longer term and never overlaps', () => {
    expect(found('The CI/CD pipeline failed; CI/CD is back.', ['CI/CD', 'CI/CD pipeline'])).toEqual(['CI/CD pipeline', 'CI/CD']);
  });
  it('treats terms as text, not patterns', () => {
    expect(found('C++ and C# code', ['C++', 'C#'])).toEqual(['C++', 'C#']);
    expect(found('ab', ['a.'])).toEqual([]);
  });
  it('skips terms already explained earlier in the document', () => {
    const seen = new Set<string>();
    expect(found('First SSO here.', ['SSO'], seen)).toEqual(['SSO']);
    expect(found('Then SSO again.', ['SSO'], seen)).toEqual([]);
  });
  it('ignores blank terms', () => {
    expect(found('anything', ['  '])).toEqual([]);
  });
});
