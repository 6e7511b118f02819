import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';

const plugins = [remarkGfm];

// Links in a model's answer leave the app; raw HTML is never rendered (react-markdown shows it as text) and unsafe
// URL schemes are dropped by its default URL transform.
const components: Components = {
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  ),
};

/** GitHub-flavoured Markdown (tables, task lists, strikethrough, autolinks); safe to call on every streamed piece. */
export function Markdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={plugins} components={components}>
        {text}
      </ReactMarkdown>
    </div>
  );
}
