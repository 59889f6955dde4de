/**
 * An agent answer as Slack messages: the text (escaped, Markdown converted), Markdown tables as
 * section fields, the sources and time window in a context block, warnings, and either the note
 * that approval cards follow (when the agent proposed a remediation) or a "Propose remediation"
 * button (when it only suggested one). Long answers are split across messages; very long ones are
 * attached as a file with a short preview.
 */
import type { AgentAnswer, ToolRun } from '../../agent/types';
import { scanLines } from '../../agent/answer-lines';
import { code, esc, markdownToMrkdwn } from '../escape';
import { ACTION, BLOCK } from '../ids';
import { clip } from '../limits';
import type { Omitted, TimelineEntry } from '../../cloudtrail/timeline';
import { timelineBlocks } from './timeline';
import { shortTime } from '../../cloudtrail/time-window';
import { type Block, context, fallback, fieldSections, packMessages, sections, type SlackMessage } from './common';

/** Above this many messages (or characters) the full answer goes in a file. */
export const MAX_ANSWER_MESSAGES = 3;
export const FILE_THRESHOLD_CHARS = 12_000;

export interface AnswerView {
  messages: SlackMessage[];
  /** Set when the answer is too long for messages: upload it (files.uploadV2) in the thread. */
  file?: { filename: string; title: string; content: string };
  /** Successful propose_* runs: the caller posts their approval cards. */
  proposalIds: string[];
}

type Segment = { kind: 'text'; text: string } | { kind: 'table'; rows: string[][] };

const isTableLine = (l: string) => /^\s*\|.*\|\s*$/.test(l);
const isRule = (l: string) => /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/.test(l);
const cells = (l: string) =>
  l
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());

export function segments(md: string): Segment[] {
  const out: Segment[] = [];
  const lines = md.split('\n');
  let text: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (isTableLine(lines[i]!) && i + 1 < lines.length && isRule(lines[i + 1]!)) {
      if (text.length) out.push({ kind: 'text', text: text.join('\n') });
      text = [];
      const rows = [cells(lines[i]!)];
      i += 2;
      while (i < lines.length && isTableLine(lines[i]!)) rows.push(cells(lines[i++]!));
      i -= 1;
      out.push({ kind: 'table', rows });
    } else text.push(lines[i]!);
  }
  if (text.length) out.push({ kind: 'text', text: text.join('\n') });
  return out.filter((s) => s.kind === 'table' || s.text.trim());
}

/** A Markdown table as fields: two columns become label/value pairs; wider rows become one field each. */
export function tableFields(rows: string[][]): string[] {
  const [head, ...body] = rows;
  if (!head) return [];
  const inline = (s: string) => markdownToMrkdwn(s).replace(/\n/g, ' ');
  if (head.length === 2)
    return [
      `*${inline(head[0]!)}*`,
      `*${inline(head[1]!)}*`,
      ...body.flatMap((r) => [inline(r[0] ?? ''), inline(r[1] ?? '')]),
    ];
  return body.map(
    (r) =>
      `*${inline(r[0] ?? '')}*\n${r
        .slice(1)
        .map((c, j) => `${inline(head[j + 1] ?? '')}: ${inline(c)}`)
        .join(' · ')}`,
  );
}

function windowOf(run: ToolRun): { start: string; end: string } | undefined {
  const d = run.result?.data as
    | { query?: { window?: { start?: string; end?: string } }; window?: { start?: string; end?: string } }
    | undefined;
  const w = d?.query?.window ?? d?.window;
  return w?.start && w.end ? { start: w.start, end: w.end } : undefined;
}

/** "prod us-east-1 cloudtrail:LookupEvents (12 calls)" lines, deduplicated and bounded. */
export function sourcesLine(runs: ToolRun[]): string {
  const seen = new Map<string, number>();
  for (const r of runs)
    for (const s of r.result?.sources ?? []) {
      const key = `${s.account}${s.region ? ` ${s.region}` : ''} ${s.api}`;
      seen.set(key, (seen.get(key) ?? 0) + (s.calls ?? 0));
    }
  const parts = [...seen].map(([k, calls]) => `${esc(k)}${calls ? ` (${calls} calls)` : ''}`);
  if (parts.length === 0) return '';
  const shown = parts.slice(0, 8).join(', ');
  return `*Sources:* ${shown}${parts.length > 8 ? ` and ${parts.length - 8} more` : ''}`;
}

/** The searched window, once: nothing when the answer's text already names it (offline answers do). */
export function windowLine(runs: ToolRun[], text = ''): string {
  const ws = runs.map(windowOf).filter((w): w is { start: string; end: string } => !!w);
  if (!ws.length) return '';
  const start = ws.map((w) => w.start).sort()[0]!;
  const end = ws
    .map((w) => w.end)
    .sort()
    .at(-1)!;
  const span = `${shortTime(start)} → ${shortTime(end)}`;
  if (text.includes(span)) return '';
  return `*Time window:* ${esc(span)}`;
}

/** True when the answer recommends a containment step that a propose_* tool could carry out. */
export function suggestsRemediation(text: string): boolean {
  return /\b(delete|deactivate|disable|rotate|detach|terminate|block|revoke)\b[^.\n]{0,60}\b(key|user|polic(y|ies)|instance|ip|address|access|credentials?)\b/i.test(
    text,
  );
}

export function proposalIdOf(run: ToolRun): string | undefined {
  const d = run.result?.data as
    | { proposalId?: unknown; proposal_id?: unknown; id?: unknown; proposal?: { id?: unknown } }
    | undefined;
  const id = d?.proposalId ?? d?.proposal_id ?? d?.proposal?.id ?? d?.id;
  return typeof id === 'string' && /^[A-Za-z0-9_-]{1,100}$/.test(id) ? id : undefined;
}

export function answerView(a: AgentAnswer, opts: { remediationAvailable: boolean }): AnswerView {
  const body: Block[] = [];
  // Model prose keeps its own bold/italics (never links or mentions); text Trailhound composed from
  // tool summaries (offline planner, partial answers) quotes AWS data and is rendered as data.
  const render = a.composed ? esc : markdownToMrkdwn;
  // Long paragraphs as a first sentence and bullets, one fact per line (tables and code kept).
  for (const seg of segments(scanLines(a.text || '(no answer)'))) {
    if (seg.kind === 'text') body.push(...sections(render(seg.text)));
    else body.push(...fieldSections(tableFields(seg.rows)));
  }

  // The timeline a CloudTrail answer refers to, as blocks; the full table as a file when long.
  let timelineFile: AnswerView['file'];
  for (const r of a.toolRuns.filter((x) => x.ok && x.name === 'cloudtrail_search')) {
    const d = r.result?.data as { timeline?: TimelineEntry[]; omitted?: Omitted } | undefined;
    if (!d?.timeline?.length) continue;
    const tv = timelineBlocks(d.timeline, d.omitted);
    body.push(...tv.blocks);
    timelineFile ??= tv.file;
  }

  const proposals = a.toolRuns.filter((r) => r.name.startsWith('propose_') && r.ok);
  const proposalIds = proposals.map(proposalIdOf).filter((x): x is string => !!x);
  const warnings = [...new Set(a.toolRuns.flatMap((r) => r.result?.warnings ?? []))];
  const failed = a.toolRuns.filter((r) => !r.ok);

  const tail: Block[] = [];
  if (warnings.length)
    tail.push(
      context(
        `:warning: ${warnings
          .slice(0, 3)
          .map((w) => esc(clip(w, 400)))
          .join(' · ')}${warnings.length > 3 ? ` (+${warnings.length - 3} more)` : ''}`,
      ),
    );
  if (failed.length)
    tail.push(
      context(
        `Could not complete: ${failed
          .slice(0, 3)
          .map((r) => `${code(r.name)} ${esc(clip(r.summary, 300))}`)
          .join(' · ')}`,
      ),
    );
  const meta = [
    sourcesLine(a.toolRuns),
    windowLine(a.toolRuns, a.text),
    `${a.mode === 'claude' ? 'Claude' : 'Offline planner'} · ${a.toolRuns.length} tool run${a.toolRuns.length === 1 ? '' : 's'}${a.partial ? ' · *partial answer*' : ''}`,
  ].filter(Boolean);
  tail.push(context(...meta));
  if (proposalIds.length) {
    tail.push(
      context(
        `:ballot_box_with_check: ${proposalIds.length === 1 ? 'An approval card follows' : `${proposalIds.length} approval cards follow`}: an approver must approve before anything changes.`,
      ),
    );
  } else if (opts.remediationAvailable && suggestsRemediation(a.text)) {
    tail.push({
      type: 'actions',
      block_id: BLOCK.answerActions,
      elements: [
        {
          type: 'button',
          action_id: ACTION.proposeRemediation,
          text: { type: 'plain_text', text: 'Propose remediation' },
          value: 'propose',
        },
      ],
    });
  }

  const text = fallback(a.text || 'Trailhound answer');
  const totalChars = a.text.length;
  const messages = packMessages([...body, ...tail], text);
  if (messages.length > MAX_ANSWER_MESSAGES || totalChars > FILE_THRESHOLD_CHARS) {
    const preview = sections(render(clip(scanLines(a.text), 2500))).slice(0, 1);
    return {
      messages: [
        {
          text,
          blocks: [
            ...preview,
            context(':page_facing_up: The full answer is long; it is attached as a file in this thread.'),
            ...tail,
          ],
        },
      ],
      file: { filename: 'trailhound-answer.md', title: 'Trailhound answer', content: a.text },
      proposalIds,
    };
  }
  return { messages, proposalIds, ...(timelineFile ? { file: timelineFile } : {}) };
}
