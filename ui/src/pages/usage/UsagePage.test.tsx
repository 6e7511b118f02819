import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MockRequest } from '../../test/fetchMock';
import { errorReply } from '../../test/fetchMock';
import { baseRoutes, sessionUser } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { addDays, parsePeriod, rangeOf, spanDays } from './period';
import type { UsageReport, UsageRow } from './useUsage';

const NOW = new Date('2025-03-15T10:30:45Z');

const figures = (requests: number, errors: number, prompt: number, completion: number) => ({
  requests,
  errors,
  prompt_tokens: prompt,
  completion_tokens: completion,
  total_tokens: prompt + completion,
});

const TOTALS = figures(1234, 12, 800_000, 434_567);

const ROWS: Record<string, UsageRow[]> = {
  day: [
    { day: '2025-03-10', ...figures(1000, 10, 700_000, 400_000) },
    { day: '2025-03-15', ...figures(234, 2, 100_000, 34_567) },
  ],
  user: [
    { user_id: 'id-bob', username: 'bob', ...figures(1000, 10, 700_000, 400_000) },
    { user_id: 'id-alice', username: 'alice', ...figures(234, 2, 100_000, 34_567) },
  ],
  token: [
    { token_id: 't1', token_name: 'ci', ...figures(1000, 10, 700_000, 400_000) },
    { token_id: '', token_name: '', ...figures(234, 2, 100_000, 34_567) },
  ],
  'token,user': [
    { token_id: 't1', token_name: 'ci', user_id: 'id-bob', username: 'bob', ...figures(1000, 10, 700_000, 400_000) },
    { token_id: '', token_name: '', user_id: 'id-alice', username: 'alice', ...figures(234, 2, 100_000, 34_567) },
  ],
  model: [
    { model: 'openai/gpt-4o-mini', ...figures(1200, 12, 790_000, 430_000) },
    { model: 'llama3:8b', ...figures(34, 0, 10_000, 4_567) },
  ],
};

function report(req: MockRequest, empty: boolean): UsageReport {
  const groupBy = req.query.get('group_by') ?? '';
  const userId = req.query.get('user_id');
  let data = empty ? [] : (ROWS[groupBy] ?? []);
  if (userId) data = data.filter((r) => !r.user_id || r.user_id === userId);
  return {
    from: '2025-02-14T00:00:00Z',
    to: '2025-03-16T00:00:00Z',
    group_by: groupBy.split(',') as UsageReport['group_by'],
    user_id: userId,
    totals: empty ? figures(0, 0, 0, 0) : TOTALS,
    data,
    total: data.length,
    page: 1,
    page_size: Number(req.query.get('page_size')),
  };
}

function setup(role: Parameters<typeof sessionUser>[0], { empty = false, path = '/ui/usage' } = {}) {
  return renderApp(path, {
    ...baseRoutes({ user: sessionUser(role) }),
    'GET /bodhi/v1/usage': (req) => ({ body: report(req, empty) }),
  });
}

const usageCalls = (fetch: ReturnType<typeof setup>['fetch']) =>
  fetch.to('GET', '/bodhi/v1/usage').map((c) => Object.fromEntries(c.query.entries()));

const warn = console.warn.bind(console);
beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
  // jsdom lays nothing out, so the chart's container measures 0×0 and recharts says so
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    if (!String(args[0]).includes('of chart should be greater than 0')) warn(...args);
  });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('UsagePage', () => {
  it('shows the totals, the days and the top lists of the whole org to a manager', async () => {
    const { fetch } = setup('resource_manager');
    const totals = await screen.findByTestId('usage-totals');
    expect(within(totals).getByText('Requests').nextSibling).toHaveTextContent('1,234');
    expect(within(totals).getByText('Errors').parentElement).toHaveTextContent('121% of requests');
    expect(within(totals).getByText('Prompt tokens').nextSibling).toHaveTextContent('800,000');
    expect(within(totals).getByText('Completion tokens').nextSibling).toHaveTextContent('434,567');
    expect(within(totals).getByText('Total tokens').nextSibling).toHaveTextContent('1,234,567');
    expect(screen.getByText(/across this organization/)).toBeInTheDocument();

    const users = await screen.findByTestId('usage-top-users');
    const bob = within(users).getByRole('link', { name: 'bob: show only their usage' }).closest('tr')!;
    expect(
      within(bob)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['bob', '1,000', '10', '1,100,000']);

    const tokens = screen.getByTestId('usage-top-tokens');
    expect(within(tokens).getByText('ci').closest('tr')).toHaveTextContent('bob');
    expect(within(tokens).getByText('No API token (web app, apps)')).toBeInTheDocument();
    const models = screen.getByTestId('usage-top-models');
    expect(within(models).getByText('openai/gpt-4o-mini').closest('tr')).toHaveTextContent('1,220,000');

    // the last 30 days, whole UTC days, nobody named
    const calls = usageCalls(fetch);
    expect(calls.map((c) => c.group_by).sort()).toEqual(['day', 'model', 'token,user', 'user']);
    for (const c of calls) {
      expect(c).toMatchObject({ from: '2025-02-14', to: '2025-03-15' });
      expect(c.user_id).toBeUndefined();
    }

    // 30 days in the table under the chart, the days without usage at zero
    const rows = within((await screen.findByText('Day (UTC)')).closest('table')!).getAllByRole('row');
    expect(rows).toHaveLength(31);
    expect(rows[1]).toHaveTextContent('Feb 14, 2025000');
    expect(rows.find((r) => r.textContent?.startsWith('Mar 10, 2025'))).toHaveTextContent('1,00010');
  });

  it('shows users their own usage, without the users list', async () => {
    const { fetch } = setup('resource_user');
    await screen.findByTestId('usage-totals');
    expect(screen.getByText(/^Your usage: /)).toBeInTheDocument();
    expect(screen.getByText(/Your usage only/)).toBeInTheDocument();
    expect(screen.queryByTestId('usage-top-users')).not.toBeInTheDocument();
    expect(await within(screen.getByTestId('usage-top-tokens')).findByText('ci')).toBeInTheDocument();
    const groups = usageCalls(fetch).map((c) => c.group_by);
    expect(groups.sort()).toEqual(['day', 'model', 'token']);
  });

  it('lets a manager narrow the report to one user and back', async () => {
    const { fetch, user } = setup('resource_admin');
    const users = await screen.findByTestId('usage-top-users');
    await user.click(within(users).getByRole('link', { name: 'bob: show only their usage' }));
    expect(await screen.findByTestId('usage-user-filter')).toHaveTextContent('Showing bob’s usage only.');
    expect(screen.getByTestId('location')).toHaveTextContent('/usage?period=30d&user=id-bob');
    expect(screen.queryByTestId('usage-top-users')).not.toBeInTheDocument();
    const narrowed = usageCalls(fetch).filter((c) => c.user_id === 'id-bob');
    expect(narrowed.map((c) => c.group_by).sort()).toEqual(['day', 'model', 'token,user', 'user']);

    await user.click(screen.getByRole('link', { name: 'The whole organization' }));
    expect(await screen.findByTestId('usage-top-users')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent(/^\/usage\?period=30d$/);
  });

  it('ignores ?user= for users who are not managers', async () => {
    const { fetch } = setup('resource_power_user', { path: '/ui/usage?user=id-bob' });
    await screen.findByTestId('usage-totals');
    expect(screen.queryByTestId('usage-user-filter')).not.toBeInTheDocument();
    expect(usageCalls(fetch).every((c) => c.user_id === undefined)).toBe(true);
  });

  it('asks again for the period chosen', async () => {
    const { fetch, user } = setup('resource_manager');
    await screen.findByTestId('usage-totals');
    const period = screen.getByLabelText('Period');
    expect(period).toHaveValue('30d');

    await user.selectOptions(period, 'Last 7 days');
    await vi.waitFor(() => expect(usageCalls(fetch).some((c) => c.from === '2025-03-09')).toBe(true));
    expect(usageCalls(fetch).filter((c) => c.from === '2025-03-09')[0]).toMatchObject({ to: '2025-03-15' });
    expect(screen.getByTestId('location')).toHaveTextContent('/usage?period=7d');

    await user.selectOptions(period, 'Last 24 hours');
    await vi.waitFor(() =>
      expect(usageCalls(fetch).some((c) => c.from === '2025-03-14T10:30:00Z' && c.to === undefined)).toBe(true),
    );

    await user.selectOptions(period, 'Custom dates');
    await user.clear(screen.getByLabelText('From'));
    await user.type(screen.getByLabelText('From'), '2025-03-20');
    await user.clear(screen.getByLabelText('To'));
    await user.type(screen.getByLabelText('To'), '2025-03-01');
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    expect(screen.getByRole('alert')).toHaveTextContent('The end comes before the start.');
    expect(screen.getByLabelText('From')).toHaveAttribute('aria-invalid', 'true');

    await user.clear(screen.getByLabelText('From'));
    await user.type(screen.getByLabelText('From'), '2025-01-01');
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    await vi.waitFor(() =>
      expect(usageCalls(fetch).some((c) => c.from === '2025-01-01' && c.to === '2025-03-01')).toBe(true),
    );
    expect(screen.getByTestId('location')).toHaveTextContent('/usage?from=2025-01-01&to=2025-03-01');
    expect(screen.getByText(/over Jan 1, 2025 – Mar 1, 2025/)).toBeInTheDocument();
  });

  it('says plainly when there is no usage in the period', async () => {
    setup('resource_user', { empty: true });
    const empty = await screen.findByTestId('usage-empty');
    expect(empty).toHaveTextContent('No usage in this period.');
    expect(empty).toHaveTextContent('You made no requests over the last 30 days.');
    expect(screen.queryByTestId('usage-totals')).not.toBeInTheDocument();
  });

  it("says so for a manager's whole organization too", async () => {
    setup('resource_manager', { empty: true, path: '/ui/usage?period=7d' });
    expect(await screen.findByTestId('usage-empty')).toHaveTextContent(
      'Nobody in this organization made a request over the last 7 days.',
    );
  });

  it('shows a failed report as an error', async () => {
    renderApp('/ui/usage', {
      ...baseRoutes({ user: sessionUser('resource_user') }),
      'GET /bodhi/v1/usage': errorReply(500, 'db_error', 'the database is not answering'),
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('the database is not answering');
  });

  it('is in the navigation for every role', async () => {
    setup('resource_user');
    await screen.findByTestId('usage-totals');
    expect(screen.getByTestId('nav-usage')).toHaveAttribute('aria-current', 'page');
  });
});

describe('usage periods', () => {
  it('reads the period from the URL, with the last 30 days as the default', () => {
    const p = (s: string) => parsePeriod(new URLSearchParams(s));
    expect(p('period=90d')).toEqual({ kind: 'preset', id: '90d' });
    expect(p('from=2025-01-01&to=2025-01-31')).toEqual({ kind: 'custom', from: '2025-01-01', to: '2025-01-31' });
    expect(p('from=2025-02-30&to=2025-03-01')).toEqual({ kind: 'preset', id: '30d' });
    expect(p('from=2025-03-02&to=2025-03-01')).toEqual({ kind: 'preset', id: '30d' });
    expect(p('period=1y')).toEqual({ kind: 'preset', id: '30d' });
  });

  it('turns presets into whole UTC days ending today, and 24 hours into a time', () => {
    expect(rangeOf({ kind: 'preset', id: '7d' }, NOW)).toEqual({
      from: '2025-03-09',
      to: '2025-03-15',
      firstDay: '2025-03-09',
      lastDay: '2025-03-15',
    });
    expect(rangeOf({ kind: 'preset', id: '24h' }, NOW)).toEqual({
      from: '2025-03-14T10:30:00Z',
      firstDay: '2025-03-14',
      lastDay: '2025-03-15',
    });
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(spanDays('2025-01-01', '2025-01-01')).toBe(1);
  });
});
