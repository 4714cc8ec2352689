import { Tooltip } from '@mantine/core';
import { type ComponentPropsWithoutRef, useContext, useId, useMemo } from 'react';
import Markdown, { type Components } from 'react-markdown';
import { useGlossary } from '../coach/api';
import { EngagementContext } from '../engagements/context';
import { remarkGlossary } from './glossaryRemark';

/**
 * Renders a note's Markdown. Raw HTML is never interpreted (no rehype-raw), and
 * react-markdown's default URL filter drops javascript: and similar links.
 * Headings are shifted down so a note never outranks the page's own headings.
 * With an engagement, the first use of each of its glossary terms carries the
 * plain explanation: a dotted underline, a tooltip on hover, focus or touch,
 * and the explanation in the term's accessible description.
 */
type HeadingProps = ComponentPropsWithoutRef<'h4'> & { node?: unknown };
const H4 = ({ node: _node, ...rest }: HeadingProps) => <h4 {...rest} />;
const H5 = ({ node: _node, ...rest }: HeadingProps) => <h5 {...rest} />;
const H6 = ({ node: _node, ...rest }: HeadingProps) => <h6 {...rest} />;

const components: Components = {
  h1: H4,
  h2: H4,
  h3: H5,
  h4: H6,
  h5: H6,
  h6: H6,
  a: ({ node: _node, href, children, ...rest }) => (
    <a href={href} rel="noopener noreferrer nofollow" target="_blank" {...rest}>
      {children}
    </a>
  ),
  img: ({ node: _node, alt, src }) => (
    // Remote images would leak readers' addresses to third parties: show a link instead.
    <a href={typeof src === 'string' ? src : undefined} rel="noopener noreferrer nofollow" target="_blank">
      {alt || 'image'}
    </a>
  ),
};

type SpanProps = ComponentPropsWithoutRef<'span'> & { node?: unknown; 'data-glossary'?: string };

/** A glossary term: a button, so keyboard and touch readers reach its explanation too. */
function Span({ node: _node, 'data-glossary': explanation, children, ...rest }: SpanProps) {
  const id = useId();
  if (!explanation) return <span {...rest}>{children}</span>;
  return (
    <>
      <Tooltip label={explanation} multiline maw={300} withArrow events={{ hover: true, focus: true, touch: true }}>
        <button type="button" className="glossary-term" aria-describedby={id} data-glossary-term="">
          {children}
        </button>
      </Tooltip>
      {/* hidden, yet named by aria-describedby: screen readers read it as the term's description */}
      <span id={id} hidden>
        {explanation}
      </span>
    </>
  );
}

const withGlossary: Components = { ...components, span: Span };

/** `engagementId` defaults to the engagement of the page (its glossary explains the terms). */
export function MarkdownView({ source, engagementId }: { source: string; engagementId?: string }) {
  const inEngagement = useContext(EngagementContext)?.engagement.id;
  const glossary = useGlossary(engagementId ?? inEngagement);
  const terms = glossary.data?.terms;
  const plugins = useMemo(() => (terms?.length ? [remarkGlossary(terms)] : []), [terms]);
  return (
    <div className="markdown">
      <Markdown components={plugins.length ? withGlossary : components} remarkPlugins={plugins}>
        {source}
      </Markdown>
    </div>
  );
}
