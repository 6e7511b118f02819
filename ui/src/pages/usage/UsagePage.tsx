import { ChartColumn, X } from 'lucide-react';
import { lazy, Suspense, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { Card, CardContent, CardHeader, CardTitle } from '../../components/ui/card';
import { roleOf, useUser } from '../../hooks/useUser';
import { formatCount, formatPercent } from '../../lib/format';
import { hasRole } from '../../lib/roles';
import { parsePeriod, periodParams, rangeOf, describePeriod, type Period } from './period';
import { PeriodPicker } from './PeriodPicker';
import { TopTable } from './TopTable';
import { dailySeries } from './series';
import { useUsage, type UsageFigures, type UsageRow } from './useUsage';

// recharts is loaded with the page's chart, not with the app
const UsageChart = lazy(() => import('./UsageChart'));

/** Rows in each "top" table. */
export const TOP_SIZE = 10;

/** A token's name in the usage lists; the empty token id is usage without an API token. */
export function tokenLabel(r: UsageRow) {
  if (r.token_id === '') return <span className="text-muted-foreground">No API token (web app, apps)</span>;
  return r.token_name || <span className="text-muted-foreground">(unnamed)</span>;
}

/**
 * `/ui/usage` (everyone with a role): requests and tokens over a period, by day, and the top users (managers and
 * admins, who see the whole org and may look at one user with `?user=`), tokens and models. Others see their own.
 */
export function UsagePage() {
  const [params, setParams] = useSearchParams();
  const role = roleOf(useUser().data);
  const manager = hasRole(role, 'manager');
  const period = parsePeriod(params);
  const userId = manager ? (params.get('user') ?? undefined) : undefined;
  const periodKey = JSON.stringify(period);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the range is computed again when the period changes
  const range = useMemo(() => rangeOf(period, new Date()), [periodKey]);

  const base = { from: range.from, to: range.to, userId };
  const days = useUsage({ ...base, groupBy: ['day'], pageSize: 1000 });
  const users = useUsage({ ...base, groupBy: ['user'], pageSize: TOP_SIZE }, { enabled: manager });
  const tokens = useUsage({ ...base, groupBy: manager ? ['token', 'user'] : ['token'], pageSize: TOP_SIZE });
  const models = useUsage({ ...base, groupBy: ['model'], pageSize: TOP_SIZE });

  const search = (p: Period, user?: string) => {
    const next = new URLSearchParams(periodParams(p));
    if (user) next.set('user', user);
    return next;
  };
  const username = userId ? users.data?.data[0]?.username : undefined;

  return (
    <Page
      title="Usage"
      description={
        manager
          ? 'Requests and tokens across this organization: by day, and the users, API tokens and models behind them.'
          : 'Your usage: the requests and tokens of your chats and API tokens, by day, token and model.'
      }
    >
      <div className="flex flex-col gap-3">
        <PeriodPicker period={period} onChange={(p) => setParams(search(p, userId))} />
        {userId && (
          <p className="flex flex-wrap items-center gap-2 text-sm" data-testid="usage-user-filter">
            <span>
              Showing <strong>{username ?? 'one user'}</strong>’s usage only.
            </span>
            <Link
              to={{ search: search(period).toString() }}
              className="inline-flex items-center gap-1 rounded-md px-1 font-medium text-primary underline underline-offset-2"
            >
              <X aria-hidden="true" className="size-3.5" />
              The whole organization
            </Link>
          </p>
        )}
        <p className="text-xs text-muted-foreground">
          {manager ? (userId ? 'One user' : 'The whole organization') : 'Your usage only'}, over{' '}
          {describePeriod(period)}. Days are counted in UTC.
        </p>
      </div>
      {days.isPending ? (
        <Loading />
      ) : days.isError ? (
        <ErrorMessage error={days.error} />
      ) : days.data.totals.requests === 0 ? (
        <EmptyState
          icon={ChartColumn}
          title={<p className="font-medium">No usage in this period.</p>}
          data-testid="usage-empty"
        >
          <p>
            {manager && !userId
              ? 'Nobody in this organization made a request'
              : userId
                ? 'This user made no requests'
                : 'You made no requests'}{' '}
            over {describePeriod(period)}. Chats and calls with API tokens are counted here within a second or two.
          </p>
        </EmptyState>
      ) : (
        <>
          <Totals totals={days.data.totals} />
          <Card className="gap-3 py-4">
            <CardHeader className="px-4">
              <CardTitle>By day</CardTitle>
            </CardHeader>
            <CardContent className="px-4">
              <Suspense fallback={<Loading label="Loading the chart…" />}>
                <UsageChart series={dailySeries(days.data.data, range.firstDay, range.lastDay)} />
              </Suspense>
            </CardContent>
          </Card>
          <div className="grid gap-6 lg:grid-cols-2">
            {manager && !userId && (
              <TopTable
                title="Top users"
                nameLabel="User"
                testId="usage-top-users"
                report={users}
                rowKey={(r) => r.user_id ?? ''}
                name={(r) => (
                  <Link
                    to={{ search: search(period, r.user_id).toString() }}
                    aria-label={`${r.username ?? r.user_id}: show only their usage`}
                    className="break-all"
                  >
                    {r.username || r.user_id}
                  </Link>
                )}
              />
            )}
            <TopTable
              title="Top API tokens"
              nameLabel="Token"
              testId="usage-top-tokens"
              report={tokens}
              rowKey={(r) => `${r.token_id}/${r.user_id ?? ''}`}
              name={(r) =>
                manager ? (
                  <span className="grid">
                    <span>{tokenLabel(r)}</span>
                    <span className="text-xs break-all text-muted-foreground">{r.username}</span>
                  </span>
                ) : (
                  tokenLabel(r)
                )
              }
            />
            <TopTable
              title="Top models"
              nameLabel="Model"
              testId="usage-top-models"
              report={models}
              rowKey={(r) => r.model ?? ''}
              name={(r) => <span className="break-all">{r.model}</span>}
            />
          </div>
        </>
      )}
    </Page>
  );
}

function Totals({ totals }: { totals: UsageFigures }) {
  const cards: { label: string; value: number; note?: string; alert?: boolean }[] = [
    { label: 'Requests', value: totals.requests },
    {
      label: 'Errors',
      value: totals.errors,
      note: `${formatPercent(totals.errors, totals.requests)} of requests`,
      alert: totals.errors > 0,
    },
    { label: 'Prompt tokens', value: totals.prompt_tokens },
    { label: 'Completion tokens', value: totals.completion_tokens },
    { label: 'Total tokens', value: totals.total_tokens },
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5" data-testid="usage-totals">
      {cards.map((c) => (
        <div
          key={c.label}
          className="flex min-w-0 flex-col gap-1 rounded-xl border border-border bg-card px-4 py-3 text-card-foreground shadow-xs last:col-span-2 sm:last:col-span-1"
        >
          <dt className="text-xs font-medium text-muted-foreground">{c.label}</dt>
          <dd className="m-0 text-xl font-semibold break-words tabular-nums sm:text-2xl">{formatCount(c.value)}</dd>
          {c.note && (
            <dd className={c.alert ? 'm-0 text-xs text-destructive' : 'm-0 text-xs text-muted-foreground'}>{c.note}</dd>
          )}
        </div>
      ))}
    </dl>
  );
}
