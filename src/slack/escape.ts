/**
 * Escaping for Slack mrkdwn. Every string that comes from AWS, Okta, Slack or the model goes
 * through here before it is put in a block: `&`, `<` and `>` are entity-escaped (so `<!channel>`,
 * `<@U123>` and `<https://evil|click>` render as text, never as mentions or links), and the
 * `@channel` / `@here` / `@everyone` words are broken with a zero-width space.
 */

const BROADCAST = /@(channel|here|everyone)\b/gi;

/** Escapes untrusted text for a mrkdwn field. */
export function esc(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(BROADCAST, '@\u200b$1');
}

/** Untrusted text inside an inline code span: escaped, and backticks cannot close the span. */
export function code(value: unknown): string {
  const s = esc(value).replace(/`/g, 'ʼ').replace(/\n/g, ' ');
  return s ? `\`${s}\`` : '`(empty)`';
}

/** Plain-text objects do not parse mentions, but the broadcast words are still neutralised. */
export function plain(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  return s.replace(BROADCAST, '@\u200b$1');
}

/**
 * The model's answer (Markdown) as mrkdwn: escaped first, then the few Markdown forms Slack does
 * not understand are converted (`**bold**` → `*bold*`, headings → bold lines). Links stay literal
 * text: an answer can never carry a clickable link or a mention.
 */
export function markdownToMrkdwn(md: string): string {
  return esc(md)
    .split('\n')
    .map((line) => {
      const h = /^#{1,6}\s+(.*)$/.exec(line);
      if (h) return `*${h[1]!.replace(/\*\*/g, '').trim()}*`;
      return line.replace(/\*\*(.+?)\*\*/g, '*$1*').replace(/^(\s*)[-*]\s+/, '$1• ');
    })
    .join('\n');
}

/** A Slack mention of a user id we received from Slack itself (validated shape), else escaped text. */
export function userMention(id: string | null | undefined): string {
  if (id && /^[UW][A-Z0-9]{2,20}$/.test(id)) return `<@${id}>`;
  return esc(id ?? 'someone');
}
