import { TableHead, TableHeader, TableRow } from '../../components/ui/table';

/** The heading row of a usage table: its name column, then requests, errors and tokens. */
export function FiguresHeader({ name }: { name: string }) {
  return (
    <TableHeader>
      <TableRow className="hover:bg-transparent">
        <TableHead scope="col">{name}</TableHead>
        <TableHead scope="col" className="text-right">
          Requests
        </TableHead>
        <TableHead scope="col" className="text-right">
          Errors
        </TableHead>
        <TableHead scope="col" className="text-right">
          Tokens
        </TableHead>
      </TableRow>
    </TableHeader>
  );
}
