import { act, fireEvent, screen } from '@testing-library/react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { baseRoutes } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { sseResponse } from '../../test/sse';

beforeAll(() => import('./Markdown'));

const models = {
  'GET /v1/models': { body: { object: 'list', data: [{ id: 'gpt', object: 'model', created: 1, owned_by: 'x' }] } },
};

/**
 * jsdom has no layout: the scroller gets a viewport of 400px over content that grows by 100px per reply piece,
 * and a scrollTop that the browser would clamp.
 */
function fakeGeometry(el: HTMLElement) {
  let top = 0;
  let height = 400;
  Object.defineProperty(el, 'clientHeight', { configurable: true, get: () => 400 });
  Object.defineProperty(el, 'scrollHeight', { configurable: true, get: () => height });
  Object.defineProperty(el, 'scrollTop', {
    configurable: true,
    get: () => top,
    set: (v: number) => {
      top = Math.max(0, Math.min(v, height - 400));
    },
  });
  return {
    grow: () => (height += 100),
    get top() {
      return top;
    },
    get bottom() {
      return height - 400;
    },
    /** The user scrolls to `to`. */
    scrollTo(to: number) {
      el.scrollTop = to;
      fireEvent.scroll(el);
    },
  };
}

describe('following the reply', () => {
  it('keeps the newest text in view, stops when the user scrolls up, and Jump to latest resumes', async () => {
    const sse = sseResponse();
    const { user } = renderApp('/ui/chat', {
      ...baseRoutes(),
      ...models,
      'POST /v1/chat/completions': () => sse.response,
    });
    await vi.waitFor(() => expect(screen.getByLabelText('Model')).toHaveValue('gpt'));
    const geo = fakeGeometry(screen.getByTestId('chat-scroller'));
    await user.type(screen.getByLabelText('Message'), 'Write a lot{Enter}');

    const piece = async (text: string) => {
      geo.grow();
      sse.delta(text);
      await screen.findByText(new RegExp(text));
    };
    await piece('one');
    await piece('two');
    expect(geo.top).toBe(geo.bottom); // followed
    expect(screen.queryByRole('button', { name: 'Jump to latest' })).not.toBeInTheDocument();

    act(() => geo.scrollTo(0)); // the user reads from the top
    const jump = await screen.findByRole('button', { name: 'Jump to latest' });
    await piece('three');
    expect(geo.top).toBe(0); // not dragged back down

    await user.click(jump);
    expect(geo.top).toBe(geo.bottom);
    expect(screen.queryByRole('button', { name: 'Jump to latest' })).not.toBeInTheDocument();
    await piece('four');
    expect(geo.top).toBe(geo.bottom); // following again
    sse.finish();
  });

  it('resumes following when the user scrolls back to the bottom', async () => {
    const sse = sseResponse();
    const { user } = renderApp('/ui/chat', {
      ...baseRoutes(),
      ...models,
      'POST /v1/chat/completions': () => sse.response,
    });
    await vi.waitFor(() => expect(screen.getByLabelText('Model')).toHaveValue('gpt'));
    const geo = fakeGeometry(screen.getByTestId('chat-scroller'));
    await user.type(screen.getByLabelText('Message'), 'Hi{Enter}');
    geo.grow();
    geo.grow();
    sse.delta('long');
    await screen.findByText('long');
    act(() => geo.scrollTo(10));
    await screen.findByRole('button', { name: 'Jump to latest' });
    act(() => geo.scrollTo(geo.bottom));
    await vi.waitFor(() => expect(screen.queryByRole('button', { name: 'Jump to latest' })).not.toBeInTheDocument());
    sse.finish();
  });
});
