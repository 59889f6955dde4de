/**
 * The exit codes every `trailhound` command shares, so a script can tell "you called it wrong" from
 * "it ran and failed" from "it ran but could not see everything". No project imports (cheap to load).
 */
export const EXIT = {
  /** Done, and everything asked for was read. */
  ok: 0,
  /** Failed: nothing (or no answer) was produced — a source could not be read, the model API failed. */
  error: 1,
  /** Usage error: unknown command, option or tool, a bad value (cron, JSON, duration, region). */
  usage: 2,
  /** `scan --fail-on`: findings at or above the severity are open. */
  findings: 3,
  /** Incomplete: a result was produced but some part could not be read (named on stderr). */
  partial: 4,
} as const;

/** The exit-code table as `--help` and the README print it. */
export const EXIT_CODES_HELP = `Exit codes: 0 done · 1 failed (nothing, or no answer, produced) · 2 usage error (unknown command,
      option or tool, bad value) · 3 scan --fail-on threshold reached · 4 incomplete (collect or scan
      could not read a part, ask or tool could not read a region or source, or ask stopped early; the
      parts are named on stderr).`;

/**
 * The exit code for a result that may be incomplete: 1 when nothing was produced, 4 when a part is
 * missing, else 0. Never lowers a code already set (a threshold's 3 or an earlier failure wins).
 */
export function setIncompleteExit(incomplete: 'none' | 'partial' | 'nothing'): void {
  const code = incomplete === 'nothing' ? EXIT.error : incomplete === 'partial' ? EXIT.partial : EXIT.ok;
  const current = typeof process.exitCode === 'number' ? process.exitCode : 0;
  if (current === 0 || (code === EXIT.error && current === EXIT.partial)) process.exitCode = code;
}
