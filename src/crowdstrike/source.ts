/**
 * The Falcon reader port (pure): where alerts and hosts come from — the live API (src/falcon) or an
 * evidence folder (src/sources/evidence/crowdstrike). Lookups by id or host name are the same in
 * both; the pure matching lives here.
 */
import type { FalconAlert, FalconHost } from './types';

export interface FalconSource {
  kind: 'live' | 'evidence';
  /** The API origin or the evidence folder (no secrets). */
  where: string;
  /** Alerts whose composite_id, id or aggregate_id is `id` (an aggregate has several). */
  alerts(id: string, opts?: { signal?: AbortSignal }): Promise<FalconAlert[]>;
  /** Hosts by device id (32 hex digits) or host name (case-insensitive). */
  hosts(q: { deviceIds?: string[]; hostname?: string }, opts?: { signal?: AbortSignal }): Promise<FalconHost[]>;
  /** API calls made so far (live). */
  calls(): number;
}

export const DEVICE_ID = /^[0-9a-f]{32}$/i;

export function findAlerts(all: FalconAlert[], id: string): FalconAlert[] {
  const exact = all.filter((a) => a.composite_id === id || a.id === id);
  if (exact.length) return exact;
  return all.filter((a) => a.aggregate_id === id);
}

export function findHosts(all: FalconHost[], q: { deviceIds?: string[]; hostname?: string }): FalconHost[] {
  const ids = new Set((q.deviceIds ?? []).map((x) => x.toLowerCase()));
  const name = q.hostname?.toLowerCase();
  return all.filter(
    (h) => ids.has((h.device_id ?? '').toLowerCase()) || (!!name && (h.hostname ?? '').toLowerCase() === name),
  );
}
