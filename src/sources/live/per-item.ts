/**
 * Reading one detail call per listed item (a key, a function, a queue…) a few at a time, and
 * folding the failures into one warning per API that names the items left unchecked.
 */
import type { SnapshotWarning } from '../../posture/regional';
import type { PartFailure } from './read-part';

export const ITEM_CONCURRENCY = 8;

/** Collects failed detail calls by API. */
export class FailureTally {
  private readonly byApi = new Map<string, { w: SnapshotWarning; items: string[] }>();

  fail(f: PartFailure, item: string): void {
    const e = this.byApi.get(f.warning.api) ?? { w: f.warning, items: [] };
    e.items.push(item);
    this.byApi.set(f.warning.api, e);
  }

  /** One warning per API: its message, and the items not checked because of it. */
  warnings(noun: string): SnapshotWarning[] {
    return [...this.byApi.values()].map(({ w, items }) => ({
      ...w,
      message: `${w.message} Not checked for ${items.length} ${noun}(s): ${items.slice(0, 10).join(', ')}${items.length > 10 ? ', …' : ''}.`,
    }));
  }
}

/** Runs `fn` over `items`, `concurrency` at a time, in order of the list. */
export async function eachItem<T>(
  items: T[],
  fn: (item: T, index: number) => Promise<void>,
  concurrency = ITEM_CONCURRENCY,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** An AWS error code meaning "read fine, nothing there" (e.g. Lambda GetPolicy's ResourceNotFoundException). */
export function absentOn<T>(codes: string[], value: T) {
  return (err: unknown): T => {
    const code = (err as { Code?: string })?.Code ?? (err as { name?: string })?.name;
    if (code && codes.includes(code)) return value;
    throw err;
  };
}
