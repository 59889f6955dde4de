/**
 * A CloudTrail timeline as a compact text table (pure): time, principal, source IP, event, tag,
 * severity, count for collapsed rows; values new for the principal are marked with `*`. Cells are
 * attacker-influenced data: control characters are stripped and cells clipped, so a table cannot
 * be broken or spoofed by what a caller sent.
 */
import { clip } from './text';
import { shortTime } from './time-window';
import type { Omitted, TimelineEntry } from './timeline';

export const NEW_MARK = '*';

const COLUMNS = ['time (UTC)', 'severity', 'principal', 'source IP', 'event', 'what', 'count'] as const;
const WIDTHS = [17, 8, 28, 17, 26, 56, 5];

function inert(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, ' ');
}

function shortPrincipal(p: string | undefined): string {
  if (!p) return '';
  return p.includes('/') ? p.slice(p.indexOf('/') + 1) : p;
}

/** One row's cells, in COLUMNS order. */
export function timelineCells(e: TimelineEntry): string[] {
  const mark = (dim: 'sourceIp' | 'userAgent' | 'region') => (e.new?.includes(dim) ? NEW_MARK : '');
  const sev = e.severity ?? (e.kind === 'error-burst' ? 'burst' : 'new');
  return [
    shortTime(e.time),
    sev,
    shortPrincipal(e.principal),
    `${e.sourceIp ?? ''}${mark('sourceIp')}`,
    `${e.event ?? ''}${e.region ? ` ${e.region}${mark('region')}` : ''}`,
    e.what,
    e.count && e.count > 1 ? String(e.count) : '',
  ].map((c) => inert(c));
}

/** The table, at most `max` rows (most severe first when cut), with what was left out said. */
export function renderTimelineTable(entries: readonly TimelineEntry[], omitted?: Omitted, max = 25): string {
  if (!entries.length) return 'Timeline: no notable events.';
  const rank = (e: TimelineEntry) =>
    ({ critical: 6, high: 5 })[e.severity as 'critical' | 'high'] ??
    (e.kind === 'error-burst' ? 4 : e.kind === 'threat' ? 2 : 3);
  const shown =
    entries.length <= max
      ? [...entries]
      : [...entries]
          .map((e, i) => ({ e, i }))
          .sort((a, b) => rank(b.e) - rank(a.e) || a.i - b.i)
          .slice(0, max)
          .sort((a, b) => a.i - b.i)
          .map((x) => x.e);
  const fmt = (cells: readonly string[]) =>
    cells
      .map((c, i) => clip(c, WIDTHS[i]!).padEnd(WIDTHS[i]!))
      .join(' ')
      .trimEnd();
  const lines = [
    `Timeline (${NEW_MARK} = new for this principal):`,
    fmt(COLUMNS),
    fmt(WIDTHS.map((w) => '-'.repeat(w))),
  ];
  for (const e of shown) lines.push(fmt(timelineCells(e)));
  const cut = entries.length - shown.length;
  const left = omitted ? Object.entries(omitted).filter(([, v]) => v > 0) : [];
  if (cut || left.length)
    lines.push(
      `… not shown: ${[cut ? `${cut} row(s) beyond this table` : '', ...left.map(([k, v]) => `${v} ${k}`)].filter(Boolean).join(', ')} (use --json, min_severity or threats_only).`,
    );
  return lines.join('\n');
}

/** The full table as CSV (for a file upload when the timeline is long). */
export function timelineCsv(entries: readonly TimelineEntry[]): string {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  // A leading =, +, - or @ would be a formula in a spreadsheet: prefix it.
  const safe = (s: string) => (/^[=+\-@]/.test(s) ? `'${s}` : s);
  return [
    COLUMNS.join(','),
    ...entries.map((e) =>
      timelineCells(e)
        .map((c) => q(safe(c)))
        .join(','),
    ),
  ].join('\n');
}
