import 'katex/dist/katex.min.css';
import 'highlight.js/styles/github.css';
import './codeDark.css';
import ReactMarkdown, { type Components, type Options } from 'react-markdown';
import rehypeHighlight from 'rehype-highlight';
import rehypeKatex from 'rehype-katex';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';

const remarkPlugins = [remarkGfm, remarkMath];
// Highlighting only for fenced blocks that name their language: guessing it on every streamed piece is slow and
// often wrong. An unknown language is shown plain rather than failing the render.
const rehypePlugins: Options['rehypePlugins'] = [rehypeKatex, [rehypeHighlight, { detect: false }]];

// Links in a model's answer leave the app; raw HTML is never rendered (react-markdown shows it as text) and unsafe
// URL schemes are dropped by its default URL transform.
const components: Components = {
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  ),
};

/**
 * GitHub-flavoured Markdown (tables, task lists, strikethrough, autolinks), math (`$…$`, `$$…$$`, KaTeX) and
 * highlighted code blocks; safe to call on every streamed piece.
 */
export function Markdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
        {text}
      </ReactMarkdown>
    </div>
  );
}
