/**
 * Counts AWS API calls per unit of work (a tool call, a scan) without threading a counter through
 * every function: an AsyncLocalStorage scope, incremented by a middleware on every SDK client.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface ApiCallTally {
  total: number;
  byApi: Record<string, number>;
}

const scope = new AsyncLocalStorage<ApiCallTally>();

export function withApiCallTally<T>(fn: () => Promise<T>): Promise<{ value: T; tally: ApiCallTally }> {
  const tally: ApiCallTally = { total: 0, byApi: {} };
  return scope.run(tally, async () => ({ value: await fn(), tally }));
}

export function countApiCall(api: string): void {
  const t = scope.getStore();
  if (!t) return;
  t.total += 1;
  t.byApi[api] = (t.byApi[api] ?? 0) + 1;
}
