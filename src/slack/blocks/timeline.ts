/**
 * A CloudTrail timeline as Block Kit (pure): one section per row (most severe rows first when cut,
 * within Block Kit's limits), each cell escaped with the Slack escaping helpers — evidence text is
 * data, never markup or a mention. When the timeline is longer than the blocks shown, the full
 * table is returned as a CSV file for the existing upload path (files.uploadV2 in the thread).
 */
import { NEW_MARK, renderTimelineTable, timelineCells, timelineCsv } from '../../cloudtrail/render-timeline';
import type { Omitted, TimelineEntry } from '../../cloudtrail/timeline';
import { code, esc } from '../escape';
import { clip, LIMITS } from '../limits';
import { type Block, context, section } from './common';

/** Rows shown as blocks; beyond, the file carries the full table. */
export const TIMELINE_BLOCK_ROWS = 12;

const ICON: Record<string, string> = {
  critical: ':red_circle:',
  high: ':large_orange_circle:',
  medium: ':large_yellow_circle:',
  low: ':white_circle:',
  burst: ':rotating_light:',
  new: ':new:',
};

export interface TimelineView {
  blocks: Block[];
  /** The whole table when the blocks could not show every row. */
  file?: { filename: string; title: string; content: string };
}

/**
 * A cell whose value is new for the principal ends with NEW_MARK; Slack's escaping neutralises `*`,
 * so the mark is shown as the :new: emoji after the escaped value instead.
 */
function marked(cell: string, render: (s: string) => string): string {
  const isNew = cell.endsWith(NEW_MARK);
  const value = isNew ? cell.slice(0, -NEW_MARK.length) : cell;
  return `${render(value)}${isNew ? ` ${ICON.new}` : ''}`;
}

function rowText(e: TimelineEntry): string {
  const [time, sev, principal, ip, event, what, count] = timelineCells(e);
  const line = `${ICON[sev!] ?? ''} *${esc(sev)}* ${esc(time)} · ${code(principal || '?')} · ${marked(ip!, esc)} · ${marked(event || '-', code)}${count ? ` ×${esc(count)}` : ''}\n${esc(clip(what!, 300))}`;
  return clip(line, LIMITS.sectionText);
}

export function timelineBlocks(entries: readonly TimelineEntry[], omitted?: Omitted): TimelineView {
  if (!entries.length) return { blocks: [] };
  const rank = (e: TimelineEntry) =>
    ({ critical: 6, high: 5 })[e.severity as 'critical' | 'high'] ??
    (e.kind === 'error-burst' ? 4 : e.kind === 'threat' ? 2 : 3);
  const shown = [...entries]
    .map((e, i) => ({ e, i }))
    .sort((a, b) => rank(b.e) - rank(a.e) || a.i - b.i)
    .slice(0, TIMELINE_BLOCK_ROWS)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.e);
  const blocks: Block[] = [section(`*Timeline* (${ICON.new} after a value: new for this principal)`)];
  for (const e of shown) blocks.push(section(rowText(e)));
  const cut = entries.length - shown.length;
  const left = omitted ? Object.entries(omitted).filter(([, v]) => v > 0) : [];
  if (cut || left.length)
    blocks.push(
      context(
        esc(
          `Not shown: ${[cut ? `${cut} more row(s) (full table attached)` : '', ...left.map(([k, v]) => `${v} ${k} row(s) left out by the search`)].filter(Boolean).join(', ')}.`,
        ),
      ),
    );
  return {
    blocks,
    ...(cut
      ? {
          file: {
            filename: 'trailhound-timeline.csv',
            title: 'CloudTrail timeline',
            content: `${timelineCsv(entries)}\n`,
          },
        }
      : {}),
  };
}

/** Plain-text form (for a long answer's file). */
export { renderTimelineTable };
