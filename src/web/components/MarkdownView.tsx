import type { ComponentPropsWithoutRef } from 'react';
import Markdown, { type Components } from 'react-markdown';

/**
 * Renders a note's Markdown. Raw HTML is never interpreted (no rehype-raw), and
 * react-markdown's default URL filter drops javascript: and similar links.
 * Headings are shifted down so a note never outranks the page's own headings.
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

export function MarkdownView({ source }: { source: string }) {
  return (
    <div className="markdown">
      <Markdown components={components}>
        {source}
      </Markdown>
    </div>
  );
}
