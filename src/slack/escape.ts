/**
 * Escaping for Slack mrkdwn. Every string that comes from AWS, Okta, Slack or the model goes
 * through here before it is put in a block, and is rendered inert:
 *  - `&`, `<` and `>` are entity-escaped (so `<!channel>`, `<@U123>` and `<https://evil|click>`
 *    render as text, never as mentions or links);
 *  - the `@channel` / `@here` / `@everyone` words are broken with a zero-width space;
 *  - URLs are defanged (`https://evil.example/x` → `hxxps://evil[.]example/x`, `www.evil.example`
 *    → `www[.]evil[.]example`) so no client turns them into links;
 *  - `#channel` is broken so it never becomes a channel link;
 *  - formatting characters that would open or close bold/italic/strike (`*` `_` `~` at the start
 *    or end of a word) and every backtick become look-alikes, so AWS data cannot restyle a card
 *    (`s3:*`, `user_name` are unchanged).
 * Every mrkdwn text object the block builders make also sets `verbatim: true` (no auto-linking of
 * URLs, channel names or mentions by Slack) — see blocks/common.ts.
 */

const BROADCAST = /@(channel|here|everyone)\b/gi;
const SCHEME_URL = /\b([a-z][a-z0-9+.-]{1,20}):\/\/([^\s/?#]+)/gi;
const WWW = /\bwww\.([^\s/?#]+)/gi;
const CHANNEL = /(^|[\s(])#(?=[\w-])/g;
/** A formatting character in an opening position: start or after whitespace/punctuation, before a non-space. */
const OPENING = /(^|[\s([{"'.,;:!?>-])([*_~`])(?=\S)/g;
const LOOKALIKE: Record<string, string> = { '*': '∗', _: 'ˍ', '~': '∼', '`': 'ʼ' };

/** Defangs URLs: scheme `http` → `hxxp`, dots in the host → `[.]`. */
export function defang(s: string): string {
  return s
    .replace(SCHEME_URL, (_m, scheme: string, host: string) => {
      const sch = scheme.toLowerCase().startsWith('http') ? scheme.replace(/t/gi, 'x') : scheme;
      return `${sch}://${host.replace(/\./g, '[.]')}`;
    })
    .replace(WWW, (_m, rest: string) => `www[.]${rest.replace(/\./g, '[.]')}`)
    .replace(CHANNEL, '$1#\u200b');
}

/** A closing position: after a letter or digit, before whitespace, punctuation or the end. */
const CLOSING = /([\p{L}\p{N}])([*_~])(?=$|[\s)\]}"'.,;:!?<&-])/gu;

/**
 * Replaces formatting characters that could open or close a span with look-alikes (every backtick,
 * since a stray one would pair with a code span of ours). Wildcards like `iam:*` and names like
 * `user_name` are left alone.
 */
export function neutraliseFormatting(s: string): string {
  // Twice: adjacent openings (`**x`) share the lookbehind character.
  const once = (t: string) => t.replace(OPENING, (_m, pre: string, ch: string) => `${pre}${LOOKALIKE[ch]}`);
  return once(once(s))
    .replace(CLOSING, (_m, pre: string, ch: string) => `${pre}${LOOKALIKE[ch]}`)
    .replace(/`/g, LOOKALIKE['`']!);
}

function entities(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(BROADCAST, '@\u200b$1');
}

/** Escapes untrusted text for a mrkdwn field: no mentions, no links, no formatting. */
export function esc(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  return neutraliseFormatting(entities(defang(s)));
}

/** Untrusted text inside an inline code span: escaped, and backticks cannot close the span. */
export function code(value: unknown): string {
  const v = value === null || value === undefined ? '' : String(value);
  // Inside a code span nothing is formatted; only links, mentions and the closing backtick matter.
  const s = entities(defang(v)).replace(/`/g, 'ʼ').replace(/\n/g, ' ');
  return s ? `\`${s}\`` : '`(empty)`';
}

/** Plain-text objects do not parse mentions, but the broadcast words and URLs are still neutralised. */
export function plain(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  return defang(s).replace(BROADCAST, '@\u200b$1');
}

/**
 * The model's answer (Markdown) as mrkdwn: escaped and defanged first (no mention, no link, no
 * channel), then the few Markdown forms Slack does not understand are converted (`**bold**` →
 * `*bold*`, headings → bold lines). The model's own bold/italics are kept; data it quotes inside
 * code spans stays literal. An answer can never carry a clickable link or a mention.
 */
export function markdownToMrkdwn(md: string): string {
  return entities(defang(md))
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
