/** How CLI commands print: JSON on stdout, progress on stderr. No project imports (cheap to load). */
/** Progress on stderr when it is a terminal (stdout stays clean JSON for scripts). */
export function stderrProgress(enabled: boolean): (m: string) => void {
  if (!enabled || !process.stderr.isTTY) return () => {};
  let last = 0;
  return (m) => {
    const now = Date.now();
    if (now - last < 250) return;
    last = now;
    process.stderr.write(`\r\x1b[2K${m.slice(0, (process.stderr.columns ?? 100) - 1)}`);
  };
}

export function clearProgress(): void {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
}

export function printJson(v: unknown): void {
  process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
}
