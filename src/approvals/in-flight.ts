/**
 * Executions running in this process, so a shutdown can let each finish its current step (and
 * start no new one) or record it as interrupted before the process exits.
 */
export interface InFlight {
  proposalId: string;
  done: Promise<unknown>;
}

const running = new Map<string, InFlight>();
let draining = false;

export function trackExecution(proposalId: string, done: Promise<unknown>): void {
  const entry = { proposalId, done };
  running.set(proposalId, entry);
  const forget = () => {
    if (running.get(proposalId) === entry) running.delete(proposalId);
  };
  // The caller handles the outcome; this only bookkeeps (and must not raise an unhandled rejection).
  done.then(forget, forget);
}

/** True once shutdown began: executors must not start another mutating step. */
export function isDraining(): boolean {
  return draining;
}

/**
 * Stops new steps, waits up to graceMs for running executions to finish their current step, and
 * returns the ids still running after that (the caller records them as interrupted).
 */
export async function drainExecutions(graceMs: number): Promise<string[]> {
  draining = true;
  const all = [...running.values()];
  if (!all.length) return [];
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled(all.map((e) => e.done)),
    new Promise((r) => {
      timer = setTimeout(r, graceMs);
    }),
  ]);
  clearTimeout(timer);
  return [...running.keys()];
}

/** For tests: back to a fresh process. */
export function resetInFlight(): void {
  draining = false;
  running.clear();
}
