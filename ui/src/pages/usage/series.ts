import { daysBetween } from './period';
import type { UsageRow } from './useUsage';

export interface DayPoint {
  day: string;
  requests: number;
  errors: number;
  total_tokens: number;
}

/** One point per day from first to last, days without usage at zero. */
export function dailySeries(rows: UsageRow[], firstDay: string, lastDay: string): DayPoint[] {
  const byDay = new Map(rows.filter((r) => r.day).map((r) => [r.day!, r]));
  return daysBetween(firstDay, lastDay).map((day) => {
    const r = byDay.get(day);
    return { day, requests: r?.requests ?? 0, errors: r?.errors ?? 0, total_tokens: r?.total_tokens ?? 0 };
  });
}
