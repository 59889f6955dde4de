/**
 * Plain-text tables for the CLI's human output (pure): a header row, a rule under it, columns
 * padded to their widest cell (each capped), the last column left ragged. No project imports.
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

/** "2026-11-23 09:00Z": the one short timestamp format of human output. */
export function shortTime(d: Date | string | null | undefined): string {
  if (d === null || d === undefined) return '—';
  const t = typeof d === 'string' ? new Date(d) : d;
  return Number.isFinite(t.getTime()) ? `${t.toISOString().slice(0, 16).replace('T', ' ')}Z` : String(d);
}
