import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Markdown } from './Markdown';

describe('Markdown', () => {
  it('renders lists, code blocks, tables and links', () => {
    const { container } = render(
      <Markdown
        text={[
          '- one',
          '- **two**',
          '',
          '```ts',
          'const x = 1;',
          '```',
          '',
          '| a | b |',
          '| - | - |',
          '| 1 | 2 |',
          '',
          '[docs](https://example.com)',
        ].join('\n')}
      />,
    );
    const items = screen.getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual(['one', 'two']);
    expect(items[1]!.querySelector('strong')).toHaveTextContent('two');
    const code = container.querySelector('pre > code');
    expect(code).toHaveTextContent('const x = 1;');
    expect(code).toHaveClass('language-ts');
    expect(code).toHaveClass('hljs');
    expect(code!.querySelector('.hljs-keyword')).toHaveTextContent('const'); // highlighted
    expect(screen.getByRole('table')).toBeInTheDocument();
    expect(screen.getByRole('cell', { name: '2' })).toBeInTheDocument();
    const link = screen.getByRole('link', { name: 'docs' });
    expect(link).toHaveAttribute('href', 'https://example.com');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  });

  it('renders inline and display math with KaTeX', () => {
    const { container } = render(<Markdown text={'Euler: $e^{i\\pi} + 1 = 0$\n\n$$\n\\int_0^1 x\\,dx\n$$'} />);
    expect(container.querySelectorAll('.katex')).toHaveLength(2);
    expect(container.querySelector('.katex-display')).not.toBeNull();
    expect(container).not.toHaveTextContent('$e^');
  });

  it('shows a block in an unknown language plainly', () => {
    const { container } = render(<Markdown text={'```nosuchlang\nfoo bar\n```'} />);
    expect(container.querySelector('pre > code')).toHaveTextContent('foo bar');
  });

  it('never renders raw HTML or script URLs', () => {
    const { container } = render(
      <Markdown text={'<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n[x](javascript:alert(3))'} />,
    );
    expect(container.querySelector('script')).toBeNull();
    expect(container).toHaveTextContent('<script>alert(1)</script>'); // shown as text
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText('x').getAttribute('href') ?? '').not.toMatch(/javascript/i);
  });
});
