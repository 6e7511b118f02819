import type { ReactNode } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card';
import { Table, TableBody, TableCell, TableRow } from '../../components/ui/table';
import { FiguresHeader } from './FiguresHeader';
import { formatCount } from '../../lib/format';
import type { UsageReport, UsageRow } from './useUsage';

interface Props {
  title: string;
  /** The name column's heading. */
  nameLabel: string;
  report: { isPending: boolean; isError: boolean; error: unknown; data?: UsageReport };
  name: (row: UsageRow) => ReactNode;
  rowKey: (row: UsageRow) => string;
  testId: string;
}

/** One "top" list of the usage page: the groups with the most tokens, their requests, errors and tokens. */
export function TopTable({ title, nameLabel, report, name, rowKey, testId }: Props) {
  const rows = report.data?.data ?? [];
  const total = report.data?.total ?? 0;
  return (
    <Card className="gap-2 py-4" data-testid={testId}>
      <CardHeader className="px-4">
        <CardTitle>{title}</CardTitle>
        {total > rows.length && (
          <CardDescription>
            The top {formatCount(rows.length)} of {formatCount(total)}, by tokens.
          </CardDescription>
        )}
      </CardHeader>
      <CardContent className="px-2">
        {report.isPending ? (
          <Loading className="px-2" />
        ) : report.isError ? (
          <ErrorMessage error={report.error} className="mx-2" />
        ) : rows.length === 0 ? (
          <p className="px-2 py-3 text-sm text-muted-foreground">None in this period.</p>
        ) : (
          <Table>
            <FiguresHeader name={nameLabel} />
            <TableBody>
              {rows.map((r) => (
                <TableRow key={rowKey(r)}>
                  <TableCell className="max-w-48 min-w-24 break-words">{name(r)}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatCount(r.requests)}</TableCell>
                  <TableCell className="text-right tabular-nums">
                    <span className={r.errors > 0 ? 'text-destructive' : undefined}>{formatCount(r.errors)}</span>
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{formatCount(r.total_tokens)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
