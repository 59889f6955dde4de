/** How CLI commands print: JSON on stdout, progress on stderr. No project imports (cheap to load). */

/** Where progress goes (stderr; tests pass their own). */
export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Seconds between plain progress lines when stderr is not a terminal (a log, CI). */
export const PLAIN_PROGRESS_INTERVAL_MS = 10_000;

/**
 * Progress on stderr (stdout stays clean JSON for scripts): on a terminal one line rewritten in
 * place; otherwise a plain line at most every 10 s, so a long run in CI or a log shows it is alive
 * and a short one prints nothing.
 */
export function stderrProgress(
  enabled: boolean,
  o: { stream?: ProgressStream; clock?: () => number; intervalMs?: number } = {},
): (m: string) => void {
  const stream = o.stream ?? process.stderr;
  const clock = o.clock ?? Date.now;
  if (!enabled) return () => {};
  if (!stream.isTTY) {
    const every = o.intervalMs ?? PLAIN_PROGRESS_INTERVAL_MS;
    let last = clock();
    let lastText = '';
    return (m) => {
      const now = clock();
      if (now - last < every || m === lastText) return;
      last = now;
      lastText = m;
      stream.write(`${m}\n`);
    };
  }
  let last = 0;
  return (m) => {
    const now = clock();
    if (now - last < 250) return;
    last = now;
    stream.write(`\r\x1b[2K${m.slice(0, (stream.columns ?? 100) - 1)}`);
  };
}

export function clearProgress(): void {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
}

export function printJson(v: unknown): void {
  process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
}

/**
 * What could not be read, for stderr: the sources grouped by API and reason, so twenty regions
 * failing on missing credentials read as one line. Structural type (this module imports nothing).
 */
export function unreadText(
  unread: readonly { account: string; region?: string; api: string; reason: string }[],
  omitted = 0,
): string {
  const groups = new Map<string, string[]>();
  for (const u of unread) {
    // The reason without its region, so the same failure in many regions groups into one line.
    const reason = (
      u.region ? u.reason.split(`, region ${u.region}`).join('').split(u.region).join('the region') : u.reason
    )
      .replace(/\s+/g, ' ')
      .replace(/\.$/, '');
    const key = `${u.api}: ${reason}`;
    groups.set(key, [...(groups.get(key) ?? []), u.region ? `${u.account} ${u.region}` : u.account]);
  }
  const lines = [...groups].map(([why, where]) => `  ${where.join(', ')} — ${why}.`);
  if (omitted)
    lines.push(`  …and ${omitted} more source(s) that could not be read (left out of the result to keep it bounded).`);
  return `Incomplete (exit 4): ${unread.length + omitted} source(s) could not be read, so what was not found there is not evidence of nothing:\n${lines.join('\n')}`;
}
