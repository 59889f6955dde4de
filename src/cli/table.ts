/**
 * Plain-text tables for the CLI's human output (pure): a header row, a rule under it, columns
 * padded to their widest cell (each capped), the last column left ragged.
 */
export interface TableColumn {
  header: string;
  /** Widest a cell may be; longer cells end with "…". */
  max?: number;
}

const clipCell = (s: string, max: number) => (s.length > max ? `${s.slice(0, Math.max(1, max - 1))}…` : s);

export function renderTable(columns: TableColumn[], rows: string[][]): string {
  const cells = rows.map((r) => columns.map((c, i) => clipCell((r[i] ?? '').replace(/\s+/g, ' '), c.max ?? 60)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((v, i) => (i === r.length - 1 ? v : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [
    line(columns.map((c) => c.header)),
    line(widths.map((w, i) => '-'.repeat(i === widths.length - 1 ? Math.min(w, 40) : w))),
    ...cells.map(line),
  ].join('\n');
}

export { shortTime } from '../cloudtrail/time-window';
