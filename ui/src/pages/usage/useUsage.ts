import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { paths } from '../../api/paths';
import type { components } from '../../api/schema';

export type UsageReport = components['schemas']['UsageReport'];
export type UsageRow = components['schemas']['UsageRow'];
export type UsageFigures = components['schemas']['UsageFigures'];
export type UsageGroup = UsageReport['group_by'][number];

export interface UsageQuery {
  from: string;
  /** Omitted: until now. */
  to?: string;
  groupBy: UsageGroup[];
  /** One user's usage; omitted: the caller's whole scope (the org for managers, else their own). */
  userId?: string;
  pageSize: number;
}

/** GET /bodhi/v1/usage: the totals of a period and the first page of its groups. */
export function useUsage(q: UsageQuery, { enabled = true }: { enabled?: boolean } = {}) {
  const query = {
    from: q.from,
    to: q.to,
    group_by: q.groupBy.join(','),
    user_id: q.userId,
    page: 1,
    page_size: q.pageSize,
  };
  return useQuery({
    queryKey: [paths.usage, query],
    queryFn: ({ signal }) => api<UsageReport>(paths.usage, { query, signal }),
    enabled,
  });
}
