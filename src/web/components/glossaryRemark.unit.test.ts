import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import Markdown from 'react-markdown';
import { describe, expect, it } from 'vitest';
import { remarkGlossary } from './glossaryRemark';

const render = (source: string, entries: { term: string; explanation: string }[]) =>
  renderToStaticMarkup(createElement(Markdown, { remarkPlugins: [remarkGlossary(entries)] }, source));

describe('remarkGlossary', () => {
  it('marks the first use in text, never in inline code, code blocks or links', () => {
    const html = render('See `API` and [the API](https://x.test) and\n\n```\nAPI\n```\n\nthe API here, the API again.', [{ term: 'API', explanation: 'How programs talk' }]);
    expect(html.match(/data-glossary=/g)?.length).toBe(1);
    expect(html).toContain('<code>API</code>');
    expect(html).toContain('<a href="https://x.test">the API</a>');
    expect(html).toContain('the <span data-glossary="How programs talk">API</span> here, the API again.');
  });

  it('never turns a term or an explanation into HTML', () => {
    const html = render('We use <b>SLA</b> and the SLA.', [{ term: 'SLA', explanation: '"><img src=x onerror=alert(1)><script>alert(2)</script>' }]);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b>');
  });
});
