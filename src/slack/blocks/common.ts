/**
 * Small pure helpers shared by the Block Kit builders. All inputs are already-escaped mrkdwn unless
 * named `raw`. Every mrkdwn text object is `verbatim: true`: Slack does not auto-link URLs, channel
 * names or mentions in it.
 */
import type { types } from '@slack/bolt';
import { esc, plain } from '../escape';
import { clip, LIMITS, splitText } from '../limits';
import { shortTime } from '../../cloudtrail/time-window';

export type Block = types.KnownBlock;

export interface SlackMessage {
  /** Notification / fallback text (escaped). */
  text: string;
  blocks: Block[];
}

export function header(raw: string): Block {
  return { type: 'header', text: { type: 'plain_text', text: clip(plain(raw), LIMITS.headerText), emoji: true } };
}

/** One or more section blocks holding mrkdwn, each within the 3,000-character limit. */
export function sections(mrkdwn: string): Block[] {
  if (!mrkdwn.trim()) return [];
  return splitText(mrkdwn, LIMITS.sectionText).map((t) => ({
    type: 'section',
    text: { type: 'mrkdwn', text: t, verbatim: true },
  }));
}

export function section(mrkdwn: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(mrkdwn || ' ', LIMITS.sectionText), verbatim: true } };
}

/** Fields laid out two per row; split into sections of at most 10 fields of at most 2,000 characters. */
export function fieldSections(fields: string[]): Block[] {
  const out: Block[] = [];
  for (let i = 0; i < fields.length; i += LIMITS.sectionFields) {
    out.push({
      type: 'section',
      fields: fields
        .slice(i, i + LIMITS.sectionFields)
        .map((f) => ({ type: 'mrkdwn' as const, text: clip(f || ' ', LIMITS.fieldText), verbatim: true })),
    });
  }
  return out;
}

export function context(...mrkdwn: string[]): Block {
  return {
    type: 'context',
    elements: mrkdwn
      .filter(Boolean)
      .slice(0, LIMITS.contextElements)
      .map((t) => ({ type: 'mrkdwn' as const, text: clip(t, LIMITS.contextText), verbatim: true })),
  };
}

export const divider: Block = { type: 'divider' };

/** Fallback text for notifications: escaped, one line, short. */
export function fallback(raw: string, max = 300): string {
  return clip(esc(raw.replace(/\s+/g, ' ').trim()), max);
}

/** Formats a date for Slack readers: `<!date>` would be a token we build ourselves; keep it plain UTC. */
export function utc(d: Date | string | null | undefined): string {
  if (!d) return 'unknown time';
  const date = typeof d === 'string' ? new Date(d) : d;
  if (Number.isNaN(date.getTime())) return esc(String(d));
  return shortTime(date);
}

/** Packs blocks into messages of at most 50 blocks each. */
export function packMessages(blocks: Block[], text: string): SlackMessage[] {
  const out: SlackMessage[] = [];
  for (let i = 0; i < blocks.length; i += LIMITS.blocksPerMessage)
    out.push({ text, blocks: blocks.slice(i, i + LIMITS.blocksPerMessage) });
  return out.length ? out : [{ text, blocks: [section(text || ' ')] }];
}
