/**
 * Counts AWS API calls and absorbed throttles per unit of work (a tool call, one account's scan)
 * without threading a counter through every function: an AsyncLocalStorage scope, incremented by
 * middlewares on every SDK client (src/aws/clients.ts). Scopes nest: a call counted in an account's
 * scan also counts in the tool call around it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface ApiCallTally {
  total: number;
  byApi: Record<string, number>;
  /** Attempts AWS throttled (the SDK retried them; a call that still failed is also a warning). */
  throttles: number;
  throttlesByApi: Record<string, number>;
}

interface Scope {
  tally: ApiCallTally;
  parent?: Scope;
}

const scope = new AsyncLocalStorage<Scope>();

export function withApiCallTally<T>(fn: () => Promise<T>): Promise<{ value: T; tally: ApiCallTally }> {
  const tally: ApiCallTally = { total: 0, byApi: {}, throttles: 0, throttlesByApi: {} };
  return scope.run({ tally, parent: scope.getStore() }, async () => ({ value: await fn(), tally }));
}

/** The innermost tally open here (undefined outside any scope). */
export function currentApiCallTally(): ApiCallTally | undefined {
  return scope.getStore()?.tally;
}

export function countApiCall(api: string): void {
  for (let s = scope.getStore(); s; s = s.parent) {
    s.tally.total += 1;
    s.tally.byApi[api] = (s.tally.byApi[api] ?? 0) + 1;
  }
}

export function countThrottle(api: string): void {
  for (let s = scope.getStore(); s; s = s.parent) {
    s.tally.throttles += 1;
    s.tally.throttlesByApi[api] = (s.tally.throttlesByApi[api] ?? 0) + 1;
  }
}
