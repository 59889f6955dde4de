/** Slack's Block Kit limits (https://api.slack.com/reference/block-kit/blocks) and helpers to stay within them. */
export const LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 2000,
  buttonText: 75,
  buttonValue: 2000,
  messageText: 40_000,
  modalTitle: 24,
  homeBlocks: 100,
} as const;

/** Cuts text to `max` characters, ending with an ellipsis when it was cut. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  // Never end inside an HTML entity produced by escaping (&amp; &lt; &gt;).
  let cut = s.slice(0, max - 1);
  const amp = cut.lastIndexOf('&');
  if (amp >= 0 && amp > cut.length - 5 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  return `${cut}…`;
}

/**
 * Splits text into chunks of at most `max` characters, preferring paragraph, then line, then word
 * boundaries, never splitting an escaped entity or leaving a code fence open across chunks.
 */
export function splitText(s: string, max: number): string[] {
  const out: string[] = [];
  let rest = s.trim();
  while (rest.length > max) {
    let at = rest.lastIndexOf('\n\n', max);
    if (at < max * 0.5) at = rest.lastIndexOf('\n', max);
    if (at < max * 0.5) at = rest.lastIndexOf(' ', max);
    if (at < max * 0.5) at = max;
    let chunk = rest.slice(0, at);
    const amp = chunk.lastIndexOf('&');
    if (amp >= 0 && amp > chunk.length - 5 && !chunk.slice(amp).includes(';')) {
      at = amp;
      chunk = rest.slice(0, at);
    }
    // Balance ``` fences: close in this chunk, reopen in the next.
    const fences = (chunk.match(/```/g) ?? []).length;
    if (fences % 2 === 1) {
      if (chunk.length + 4 > max) {
        at -= 4;
        chunk = rest.slice(0, at);
      }
      out.push(`${chunk}\n\`\`\``);
      rest = `\`\`\`\n${rest.slice(at).trimStart()}`;
      continue;
    }
    out.push(chunk.trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest) out.push(rest);
  return out;
}
