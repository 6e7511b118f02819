// The period a usage report covers, kept in the page's URL (`?period=7d`, or `?from=2025-01-01&to=2025-01-31`).
// Days are UTC, as the server counts them: "last 7 days" is today and the six days before it.

export type PresetId = '24h' | '7d' | '30d' | '90d';

export const PRESETS: { id: PresetId; label: string; days: number }[] = [
  { id: '24h', label: 'Last 24 hours', days: 1 },
  { id: '7d', label: 'Last 7 days', days: 7 },
  { id: '30d', label: 'Last 30 days', days: 30 },
  { id: '90d', label: 'Last 90 days', days: 90 },
];

export const DEFAULT_PRESET: PresetId = '30d';

/** The longest custom period, in days: the chart asks for one row per day, and a page holds at most 1000. */
export const MAX_DAYS = 1000;

export type Period = { kind: 'preset'; id: PresetId } | { kind: 'custom'; from: string; to: string };

/** What the server is asked for, and the days the chart shows (first and last inclusive). */
export interface Range {
  from: string;
  /** Omitted: until now. */
  to?: string;
  firstDay: string;
  lastDay: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A valid calendar date written YYYY-MM-DD. */
export function isDate(s: string | null | undefined): s is string {
  if (!s || !DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

/** The UTC date of a time, YYYY-MM-DD. */
export function utcDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return utcDate(d);
}

/** The days from first to last, both included. */
export function daysBetween(first: string, last: string): string[] {
  const days: string[] = [];
  for (let d = first; d <= last && days.length <= MAX_DAYS; d = addDays(d, 1)) days.push(d);
  return days;
}

/** The number of days a custom period spans (1 when from = to); 0 when to is before from. */
export function spanDays(from: string, to: string): number {
  const ms = Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`);
  return ms < 0 ? 0 : Math.round(ms / 86_400_000) + 1;
}

/** The period a page URL names; the default (last 30 days) when it names none or a wrong one. */
export function parsePeriod(params: URLSearchParams): Period {
  const preset = PRESETS.find((p) => p.id === params.get('period'));
  if (preset) return { kind: 'preset', id: preset.id };
  const from = params.get('from');
  const to = params.get('to');
  if (isDate(from) && isDate(to)) {
    const days = spanDays(from, to);
    if (days >= 1 && days <= MAX_DAYS) return { kind: 'custom', from, to };
  }
  return { kind: 'preset', id: DEFAULT_PRESET };
}

/** A period's URL parameters (the others of the page, like `user`, are kept by the caller). */
export function periodParams(p: Period): Record<string, string> {
  return p.kind === 'preset' ? { period: p.id } : { from: p.from, to: p.to };
}

/**
 * The range of a period at `now`. The last 24 hours start at the minute, so the query (and its cache key) stays
 * the same for a minute; the day presets are whole UTC days up to and including today.
 */
export function rangeOf(p: Period, now: Date): Range {
  if (p.kind === 'custom') return { from: p.from, to: p.to, firstDay: p.from, lastDay: p.to };
  const today = utcDate(now);
  if (p.id === '24h') {
    const start = new Date(Math.floor(now.getTime() / 60_000) * 60_000 - 86_400_000);
    return { from: start.toISOString().replace(/\.\d{3}Z$/, 'Z'), firstDay: utcDate(start), lastDay: today };
  }
  const days = PRESETS.find((x) => x.id === p.id)!.days;
  const first = addDays(today, -(days - 1));
  return { from: first, to: today, firstDay: first, lastDay: today };
}

/** `Jan 5` (UTC), or `Jan 5, 2024` with the year. */
export function formatDay(day: string, withYear = false): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    year: withYear ? 'numeric' : undefined,
    timeZone: 'UTC',
  });
}

/** How the page names a period in sentences: "the last 7 days", "Jan 1 – Jan 31, 2025". */
export function describePeriod(p: Period): string {
  if (p.kind === 'preset') return PRESETS.find((x) => x.id === p.id)!.label.replace(/^Last/, 'the last');
  return p.from === p.to ? formatDay(p.from, true) : `${formatDay(p.from, true)} – ${formatDay(p.to, true)}`;
}
