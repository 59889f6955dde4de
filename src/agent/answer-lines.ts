/**
 * Answer text as lines a person scans (pure; the CLI and Slack render with it): a long paragraph
 * — the tools' summaries are several sentences on one line — becomes its first sentence, then one
 * bullet per further sentence; a long "Label: a; b; c" sentence becomes the label and one sub-item
 * per entry. Short lines, Markdown tables and code blocks are left as they are. Only the layout
 * changes: every word of the text is kept, in order.
 */

/** Lines up to this long are left whole. */
export const SCAN_LINE_MAX = 160;

const BULLET = '• ';
const SUB_BULLET = '  – ';

/** Words whose trailing period does not end a sentence. */
const ABBREVIATION = /(?:^|[\s(])(?:e\.g|i\.e|etc|vs|cf|approx)$/i;

/**
 * Splits at top-level separators: never inside (), [] or "…" quotes. A clipped value ("(to…")
 * leaves a bracket open; an ellipsis closes what the clip cut off, so the rest still splits.
 */
function splitTopLevel(text: string, isBoundary: (i: number) => number): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && depth > 0) depth--;
    else if (c === '…') depth = 0;
    else if (depth === 0) {
      const skip = isBoundary(i);
      if (skip > 0) {
        out.push(text.slice(start, i + 1).trim());
        start = i + skip;
        i = start - 1;
      }
    }
  }
  out.push(text.slice(start).trim());
  return out.filter(Boolean);
}

/** Sentences: a period, "!" or "?" followed by a space and a capital, a digit or a quote. */
export function sentences(text: string): string[] {
  return splitTopLevel(text, (i) => {
    if (!'.!?'.includes(text[i]!) || text[i + 1] !== ' ' || !/[A-Z0-9"'`⚠]/.test(text[i + 2] ?? '')) return 0;
    if (text[i] === '.' && ABBREVIATION.test(text.slice(Math.max(0, i - 8), i))) return 0;
    return 1;
  });
}

/** "Critical/high: a; b; c." → ["Critical/high:", "a", "b", "c."] when it is a long list; else the sentence. */
function listItems(sentence: string): string[] {
  const m = /^([A-Z][\w/ -]{0,30}:) (.+)$/s.exec(sentence);
  if (!m || sentence.length <= SCAN_LINE_MAX) return [sentence];
  const body = m[2]!;
  for (const sep of m[1] === 'Next:' ? [' · '] : [' · ', '; ']) {
    const items = splitTopLevel(body, (i) => (body.startsWith(sep, i) ? sep.length : 0)).map((x) =>
      x.endsWith(sep.trim()) ? x.slice(0, -sep.trim().length).trim() : x,
    );
    if (items.length >= 2) return [m[1]!, ...items];
  }
  return [sentence];
}

const isFence = (l: string) => /^\s*```/.test(l);
const isTableLine = (l: string) => /^\s*\|.*\|\s*$/.test(l);
const MARKER = /^(\s*(?:[-*•]|\d+\.|⚠)\s+)/;

/** One long line as its first sentence and bullets; a line already a list item keeps its marker. */
function breakLine(line: string): string[] {
  const marker = MARKER.exec(line)?.[1] ?? '';
  const indent = marker ? ' '.repeat(marker.length) : '';
  const rest = line.slice(marker.length);
  // "Next: a question? · another" is a list of suggestions, not sentences.
  const parts = /^Next: /.test(rest) ? [rest] : sentences(rest);
  const out: string[] = [];
  parts.forEach((s, i) => {
    const [head, ...items] = listItems(s);
    out.push(i === 0 ? `${marker}${head}` : `${indent}${BULLET}${head}`);
    for (const it of items) out.push(`${indent}${i === 0 ? '' : '  '}${SUB_BULLET}${it}`);
  });
  return out;
}

export function scanLines(text: string): string {
  const out: string[] = [];
  let inFence = false;
  for (const line of text.split('\n')) {
    if (isFence(line)) inFence = !inFence;
    if (inFence || isFence(line) || isTableLine(line) || line.length <= SCAN_LINE_MAX) out.push(line);
    else out.push(...breakLine(line));
  }
  return out.join('\n');
}
