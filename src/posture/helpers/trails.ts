/**
 * CloudTrail helpers (pure): the account's trails, deduplicated across regions (a multi-region
 * trail is listed in every region), each with the status and selectors read for it.
 */
import type { Trail, TrailSelectors, TrailStatus } from '../regional';
import type { AccountSnapshot } from '../snapshot';
import { regionsWith } from '../snapshot';

export interface TrailView {
  trail: Trail;
  status?: TrailStatus;
  selectors?: TrailSelectors;
}

export function accountTrails(s: AccountSnapshot): TrailView[] {
  const byArn = new Map<string, TrailView>();
  for (const [region, trails] of regionsWith(s, 'trails')) {
    const r = s.regions[region]!;
    for (const t of trails) {
      const v = byArn.get(t.TrailARN) ?? { trail: t };
      v.status ??= r.trailStatus?.[t.TrailARN];
      v.selectors ??= r.eventSelectors?.[t.TrailARN];
      byArn.set(t.TrailARN, v);
    }
  }
  return [...byArn.values()];
}

export interface ManagementCoverage {
  read: boolean;
  write: boolean;
  /** Event sources excluded (e.g. kms.amazonaws.com). */
  excluded: string[];
}

/** Which management events a trail's selectors record (classic or advanced). No selectors = all (the default). */
export function managementCoverage(sel: TrailSelectors | undefined): ManagementCoverage {
  if (!sel || (!sel.EventSelectors?.length && !sel.AdvancedEventSelectors?.length))
    return { read: true, write: true, excluded: [] };
  const cov: ManagementCoverage = { read: false, write: false, excluded: [] };
  for (const e of sel.EventSelectors ?? []) {
    if (e.IncludeManagementEvents === false) continue;
    const rw = (e.ReadWriteType ?? 'All').toLowerCase();
    if (rw === 'all' || rw === 'readonly') cov.read = true;
    if (rw === 'all' || rw === 'writeonly') cov.write = true;
    cov.excluded.push(...(e.ExcludeManagementEventSources ?? []));
  }
  for (const a of sel.AdvancedEventSelectors ?? []) {
    const cat = a.FieldSelectors.find((f) => f.Field === 'eventCategory');
    if (!cat?.Equals?.includes('Management')) continue;
    const ro = a.FieldSelectors.find((f) => f.Field === 'readOnly');
    const roVals =
      ro?.Equals ?? (ro?.NotEquals ? ['true', 'false'].filter((v) => !ro.NotEquals!.includes(v)) : ['true', 'false']);
    if (roVals.includes('true')) cov.read = true;
    if (roVals.includes('false')) cov.write = true;
    const src = a.FieldSelectors.find((f) => f.Field === 'eventSource');
    if (src?.NotEquals) cov.excluded.push(...src.NotEquals);
    if (src?.Equals) cov.excluded.push(`only ${src.Equals.join(', ')}`);
  }
  return cov;
}

export function accountResource(s: AccountSnapshot, what: string): string {
  return `arn:aws:cloudtrail::${s.account.accountId}:${what}`;
}
