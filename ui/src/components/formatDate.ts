/** A short local date and time for an RFC 3339 timestamp; the input itself when it does not parse. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toLocaleString();
}
