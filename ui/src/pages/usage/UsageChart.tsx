import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from 'recharts';
import { Table, TableBody, TableCell, TableRow } from '../../components/ui/table';
import { FiguresHeader } from './FiguresHeader';
import { formatCompact, formatCount } from '../../lib/format';
import { formatDay } from './period';
import type { DayPoint } from './series';

const axisTick = { fill: 'var(--muted-foreground)', fontSize: 12 };

function ChartTooltip({ active, payload, label }: TooltipContentProps) {
  if (!active || !payload?.length) return null;
  const point = payload[0]!.payload as DayPoint;
  return (
    <div className="grid gap-1 rounded-md border border-border bg-popover px-3 py-2 text-xs text-popover-foreground shadow-md">
      <p className="font-medium">{formatDay(String(label), true)}</p>
      <p className="flex items-center gap-2">
        <span aria-hidden="true" className="size-2.5 rounded-sm bg-primary" />
        {formatCount(point.total_tokens)} tokens
      </p>
      <p className="flex items-center gap-2">
        <span aria-hidden="true" className="h-0.5 w-2.5 bg-warning" />
        {formatCount(point.requests)} requests
        {point.errors > 0 && <span className="text-muted-foreground">({formatCount(point.errors)} errors)</span>}
      </p>
    </div>
  );
}

/**
 * Tokens (bars, left axis) and requests (line, right axis) per UTC day, in the theme's colours. The chart is a
 * picture for sighted users; the same numbers are in the table under it, folded.
 */
export default function UsageChart({ series }: { series: DayPoint[] }) {
  const withYear = series.length > 0 && series[0]!.day.slice(0, 4) !== series[series.length - 1]!.day.slice(0, 4);
  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-muted-foreground" aria-hidden="true">
        <span className="flex items-center gap-1.5">
          <span className="size-2.5 rounded-sm bg-primary" />
          Tokens
        </span>
        <span className="flex items-center gap-1.5">
          <span className="h-0.5 w-3 bg-warning" />
          Requests
        </span>
      </div>
      <div role="img" aria-label="Tokens and requests per day; the numbers are in the table below." className="h-64">
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 320, height: 256 }}>
          <ComposedChart data={series} margin={{ top: 4, right: 0, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid vertical={false} stroke="var(--border)" />
            <XAxis
              dataKey="day"
              tick={axisTick}
              tickLine={false}
              stroke="var(--border)"
              minTickGap={12}
              tickFormatter={(d: string) => formatDay(d, withYear)}
            />
            <YAxis
              yAxisId="tokens"
              tick={axisTick}
              tickLine={false}
              axisLine={false}
              width={44}
              allowDecimals={false}
              tickFormatter={formatCompact}
            />
            <YAxis
              yAxisId="requests"
              orientation="right"
              tick={axisTick}
              tickLine={false}
              axisLine={false}
              width={36}
              allowDecimals={false}
              tickFormatter={formatCompact}
            />
            <Tooltip content={ChartTooltip} cursor={{ fill: 'var(--muted)' }} isAnimationActive={false} />
            <Bar
              yAxisId="tokens"
              dataKey="total_tokens"
              name="Tokens"
              fill="var(--primary)"
              radius={[3, 3, 0, 0]}
              maxBarSize={36}
              isAnimationActive={false}
            />
            <Line
              yAxisId="requests"
              dataKey="requests"
              name="Requests"
              type="linear"
              stroke="var(--warning)"
              strokeWidth={2}
              dot={series.length <= 14 ? { r: 2.5, fill: 'var(--warning)' } : false}
              activeDot={{ r: 4 }}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <details className="text-sm">
        <summary className="w-fit cursor-pointer text-muted-foreground hover:text-foreground">
          The numbers by day
        </summary>
        <Table className="mt-2">
          <FiguresHeader name="Day (UTC)" />
          <TableBody>
            {series.map((p) => (
              <TableRow key={p.day}>
                <TableCell className="whitespace-nowrap">{formatDay(p.day, true)}</TableCell>
                <TableCell className="text-right tabular-nums">{formatCount(p.requests)}</TableCell>
                <TableCell className="text-right tabular-nums">{formatCount(p.errors)}</TableCell>
                <TableCell className="text-right tabular-nums">{formatCount(p.total_tokens)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </details>
    </div>
  );
}
