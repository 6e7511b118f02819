// Human units for sizes, speeds and durations. Decimal units (1 GB = 10^9 bytes), as the Hugging Face hub and the
// setup catalogue show file sizes.

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** `4.7 GB`, `146 MB`, `512 B`: one decimal from GB up, whole numbers below. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  // 999.6 MB rounds to "1000 MB": show it as the next unit instead.
  if (unit < 3 && Math.round(value) >= 1000) {
    value /= 1000;
    unit++;
  }
  return unit >= 3 ? `${value.toFixed(1)} ${UNITS[unit]}` : `${Math.round(value)} ${UNITS[unit]}`;
}

/** `12 MB/s`. */
export function formatSpeed(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** `45 s`, `3 min 20 s`, `1 h 5 min`: the two largest units. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

/** A parameter count as model names give it: `8B`, `3.2B`, `135M`. */
export function formatParameterCount(n: number): string {
  const scaled = (v: number, suffix: string) => `${Number(v.toFixed(1))}${suffix}`;
  if (n >= 1e9) return scaled(n / 1e9, 'B');
  if (n >= 1e6) return scaled(n / 1e6, 'M');
  if (n >= 1e3) return scaled(n / 1e3, 'K');
  return String(n);
}

/** A token count: `131,072`. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** A count in few characters for chart axes: `950`, `12K`, `3.4M`. */
export function formatCompact(n: number): string {
  return new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}

/** A share as a percentage: `0%`, `2.5%`, `100%` (one decimal at most); `—` for a share of nothing. */
export function formatPercent(part: number, whole: number): string {
  if (!whole) return '—';
  return `${Number(((part / whole) * 100).toFixed(1))}%`;
}
