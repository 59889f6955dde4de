/** The question as the person typed it: the bot mention removed, Slack's link markup unwrapped. */
export function questionText(raw: string, botUserId?: string): string {
  let s = raw ?? '';
  if (botUserId) s = s.replace(new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g'), ' ');
  s = s
    .replace(/<@([UW][A-Z0-9]+)(\|[^>]*)?>/g, '@$1')
    .replace(/<#([CG][A-Z0-9]+)\|([^>]*)>/g, '#$2')
    .replace(/<!(channel|here|everyone)[^>]*>/g, '@$1')
    .replace(/<mailto:[^|>]+\|([^>]+)>/g, '$1')
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  return s.replace(/\s+/g, ' ').trim();
}

/** True when the text mentions the bot. */
export function mentions(raw: string, botUserId?: string): boolean {
  return !!botUserId && (raw ?? '').includes(`<@${botUserId}`);
}

/**
 * "What did I do?" — the asker's identity, resolved from Slack (users.info email), made explicit:
 * "what did I do" becomes "what did <email> do" (SSO sessions log the email as the session name),
 * and a note names the asker when the question refers to them.
 */
export function personalise(question: string, asker: { email?: string; userId: string }): string {
  if (!asker.email || !/\b(I|me|my|mine|myself)\b/.test(question)) return question;
  const rewritten = question.replace(
    /\b(what)\s+(did|have)\s+I\s+(do|done)\b/i,
    (_m, what: string, aux: string, verb: string) => `${what} ${aux} ${asker.email} ${verb}`,
  );
  return `${rewritten}\n\n(Asked in Slack by ${asker.email}; "I"/"me" refers to this person.)`;
}
