import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DownloadRequest } from '../../api/types';
import { toastStore } from '../../lib/toast';
import { errorReply, type Routes } from '../../test/fetchMock';
import { baseRoutes, sessionUser, type SessionRole } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const PULL = '/bodhi/v1/modelfiles/pull';
const repo = 'bartowski/Llama-3.2-1B-Instruct-GGUF';
const filename = 'Llama-3.2-1B-Instruct-Q4_K_M.gguf';
const dl = (extra: Partial<DownloadRequest>): DownloadRequest => ({
  id: 'dl-1',
  repo,
  filename,
  status: 'pending',
  created_at: '2024-11-10T04:52:06Z',
  updated_at: '2024-11-10T04:52:06Z',
  downloaded_bytes: 0,
  ...extra,
});
const page = (data: DownloadRequest[]) => ({ body: { data, total: data.length, page: 1, page_size: 20 } });
const toastTitles = () => toastStore.items().map((t) => t.title);

function setup(routes: Routes, role: SessionRole = 'resource_power_user') {
  return renderApp('/ui/pull', { ...baseRoutes({ user: sessionUser(role) }), ...routes });
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('PullPage', () => {
  it('shows loading, then an empty list', async () => {
    let answer: (v: ReturnType<typeof page>) => void = () => undefined;
    setup({ [`GET ${PULL}`]: () => new Promise((r) => (answer = r)) });
    expect(await screen.findByRole('heading', { name: 'Model Downloads' })).toBeInTheDocument();
    expect(screen.getByText('Loading…')).toBeInTheDocument();
    act(() => answer(page([])));
    expect(await screen.findByText('No downloads yet.')).toBeInTheDocument();
  });

  it('shows an error when the list fails', async () => {
    setup({ [`GET ${PULL}`]: errorReply(500, 'internal_error', 'The database is unavailable.') });
    expect(await screen.findByRole('alert')).toHaveTextContent('The database is unavailable.');
  });

  it('is for power users', async () => {
    setup({ [`GET ${PULL}`]: page([]) }, 'resource_user');
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Model Downloads' })).not.toBeInTheDocument());
  });

  it('validates as the server does, clearing an error once fixed', async () => {
    const { user, fetch } = setup({ [`GET ${PULL}`]: page([]) });
    const repoBox = await screen.findByLabelText('Repository');
    const fileBox = screen.getByLabelText('File');
    await user.type(repoBox, 'llama 3');
    await user.click(screen.getByRole('button', { name: 'Download' }));
    expect(repoBox).toHaveAccessibleDescription(expect.stringContaining('repo must be owner/name'));
    expect(fileBox).toHaveAccessibleDescription(expect.stringContaining('filename must be a relative path'));
    await user.clear(repoBox);
    await user.type(repoBox, repo);
    expect(repoBox).not.toHaveAttribute('aria-invalid');
    await user.type(fileBox, '../x.gguf');
    expect(fileBox).toHaveAttribute('aria-invalid', 'true');
    await user.clear(fileBox);
    await user.type(fileBox, filename);
    expect(fileBox).not.toHaveAttribute('aria-invalid');
    expect(fetch.to('POST', PULL)).toHaveLength(0);
  });

  it('shows a server refusal at its field', async () => {
    const { user } = setup({
      [`GET ${PULL}`]: page([]),
      [`POST ${PULL}`]: errorReply(
        400,
        'pull_error-file_already_exists',
        'The file is already in the Hugging Face cache.',
      ),
    });
    await user.type(await screen.findByLabelText('Repository'), repo);
    await user.type(screen.getByLabelText('File'), filename);
    await user.click(screen.getByRole('button', { name: 'Download' }));
    await waitFor(() =>
      expect(screen.getByLabelText('File')).toHaveAccessibleDescription(
        expect.stringContaining('The file is already in the Hugging Face cache.'),
      ),
    );
  });

  it('starts a download, then shows the bar moving with speed and time left until it completes', async () => {
    // Timers advance with real time too, so the page's own waits work; the clock the speed is measured with moves
    // one second per poll, whatever the machine's load.
    vi.useFakeTimers({
      shouldAdvanceTime: true,
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'],
    });
    let clock = 1_700_000_000_000;
    vi.spyOn(Date, 'now').mockImplementation(() => clock);
    const GB = 1e9;
    // what each poll answers, in turn; the last one repeats
    const sequence: DownloadRequest[][] = [
      [],
      [dl({ total_bytes: 2 * GB, downloaded_bytes: 0 })],
      [dl({ total_bytes: 2 * GB, downloaded_bytes: 0.2 * GB })],
      [dl({ total_bytes: 2 * GB, downloaded_bytes: 0.5 * GB })],
      [dl({ total_bytes: 2 * GB, downloaded_bytes: 2 * GB, status: 'completed' })],
    ];
    let poll = 0;
    const { user, fetch } = setup({
      [`GET ${PULL}`]: () => {
        clock += 1000;
        return page(sequence[Math.min(poll++, sequence.length - 1)]!);
      },
      [`POST ${PULL}`]: { status: 201, body: dl({}) },
    });
    const u = user;
    await u.type(await screen.findByLabelText('Repository'), repo);
    await u.type(screen.getByLabelText('File'), filename);
    await u.click(screen.getByRole('button', { name: 'Download' }));
    expect(fetch.to('POST', PULL)[0]!.body).toEqual({ repo, filename });
    await waitFor(() => expect(toastTitles()).toContain('Download started'));
    const bar = await screen.findByRole('progressbar', { name: `Downloading ${filename}` });
    expect(bar).toHaveAttribute('value', '0');
    expect(screen.getByTestId('progress-dl-1')).toHaveTextContent('0 B of 2.0 GB · 0%');

    await act(() => vi.advanceTimersByTimeAsync(1000));
    await waitFor(() => expect(bar).toHaveAttribute('value', '10'));
    // 200 MB in the second between polls
    expect(screen.getByTestId('progress-dl-1')).toHaveTextContent('200 MB of 2.0 GB · 10% · 200 MB/s · 9 s left');

    await act(() => vi.advanceTimersByTimeAsync(1000));
    await waitFor(() => expect(bar).toHaveAttribute('value', '25'));
    expect(screen.getByTestId('progress-dl-1')).toHaveTextContent('500 MB of 2.0 GB · 25% · 300 MB/s · 5 s left');

    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(await screen.findByText('Completed')).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    expect(toastTitles()).toContain('Download complete');
    // polling stops once nothing runs
    const polls = fetch.to('GET', PULL).length;
    await act(() => vi.advanceTimersByTimeAsync(3000));
    expect(fetch.to('GET', PULL)).toHaveLength(polls);
  });

  it('cancels a running download and retries a stopped one', async () => {
    let rows = [dl({ total_bytes: 1e9, downloaded_bytes: 3e8 })];
    const { user, fetch } = setup({
      [`GET ${PULL}`]: () => page(rows),
      [`POST ${PULL}/dl-1/cancel`]: () => {
        rows = [dl({ total_bytes: 1e9, downloaded_bytes: 3e8, status: 'error', error: 'cancelled' })];
        return { body: rows[0] };
      },
      [`POST ${PULL}`]: () => {
        rows = [dl({ id: 'dl-2', total_bytes: 1e9, downloaded_bytes: 3e8 })];
        return { status: 201, body: rows[0] };
      },
    });
    await user.click(await screen.findByRole('button', { name: `Cancel download of ${filename}` }));
    const item = (await screen.findByText('Cancelled.')).closest('li')!;
    expect(within(item).getByText('Cancelled')).toBeInTheDocument();
    expect(item).toHaveTextContent('300 MB kept for a retry.');
    expect(fetch.to('POST', `${PULL}/dl-1/cancel`)).toHaveLength(1);
    expect(toastTitles()).toContain('Download cancelled');
    expect(toastTitles()).not.toContain('Download failed');

    await user.click(within(item).getByRole('button', { name: `Retry download of ${filename}` }));
    expect(fetch.to('POST', PULL)[0]!.body).toEqual({ repo, filename });
    expect(await screen.findByRole('button', { name: `Cancel download of ${filename}` })).toBeInTheDocument();
    expect(toastTitles()).toContain('Download resumed');
  });

  it('says what to do about a gated repository, with a toast when a running download fails', async () => {
    let rows = [dl({})];
    const { fetch } = setup({ [`GET ${PULL}`]: () => page(rows) });
    await screen.findByRole('progressbar');
    rows = [dl({ status: 'error', error: 'access denied; the repository may be gated — set HF_TOKEN' })];
    const gated = 'This repository is gated: accept its terms on huggingface.co and set HF_TOKEN.';
    expect(await screen.findByText(gated, {}, { timeout: 3000 })).toBeInTheDocument();
    expect(screen.getByText('Failed')).toBeInTheDocument();
    expect(toastTitles()).toContain('Download failed');
    expect(fetch.to('GET', PULL).length).toBeGreaterThan(1);
  });
});
