/** The posture digest as a Slack message (pure). Finding text comes from AWS names: escaped. */
import type { Digest } from '../../scheduler/digest';
import { esc } from '../escape';
import { type Block, context, fallback, header, packMessages, section, type SlackMessage } from './common';

const ICON: Record<string, string> = {
  critical: ':red_circle:',
  high: ':large_orange_circle:',
  medium: ':large_yellow_circle:',
  low: ':white_circle:',
};

export function digestMessages(d: Digest): SlackMessage[] {
  const blocks: Block[] = [header(d.title)];
  blocks.push(
    section(d.accounts.map((a) => `*${esc(a.account)}*: ${esc(a.line)}`).join('\n') || '_No account was scanned._'),
  );
  if (d.top.length)
    blocks.push(
      section(
        `*Top findings*\n${d.top.map((f) => `${ICON[f.severity] ?? ''} *${esc(f.severity)}* · ${esc(f.account)} · ${esc(f.message)}`).join('\n')}`,
      ),
    );
  if (d.warnings.length) blocks.push(context(...d.warnings.map((w) => `:warning: ${esc(w)}`)));
  blocks.push(context('Ask me about any finding in a thread, or `/trailhound findings` for the full list.'));
  return packMessages(blocks, fallback(`${d.title}: ${d.totals.critical} critical, ${d.totals.high} high`));
}
