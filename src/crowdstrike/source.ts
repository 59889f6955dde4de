/**
 * Where Falcon alerts and hosts come from: the live API (FalconClient) or an evidence folder
 * (crowdstrike/alerts.json, crowdstrike/hosts.json). Lookups by id or host name are the same in
 * both; the pure matching lives here.
 */
import { type FalconClient, fqlValue } from './client';
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

export class LiveFalconSource implements FalconSource {
  readonly kind = 'live';
  readonly where: string;
  constructor(private readonly client: FalconClient) {
    this.where = client.where;
  }

  calls(): number {
    return this.client.calls;
  }

  async alerts(id: string, opts: { signal?: AbortSignal } = {}): Promise<FalconAlert[]> {
    const v = fqlValue(id);
    const ids = await this.client.queryAlerts(`composite_id:${v},aggregate_id:${v}`, { limit: 50, ...opts });
    if (!ids.length) return [];
    return findAlerts(await this.client.getAlerts(ids, opts), id);
  }

  async hosts(q: { deviceIds?: string[]; hostname?: string }, opts: { signal?: AbortSignal } = {}) {
    const ids = new Set((q.deviceIds ?? []).filter((x) => DEVICE_ID.test(x)));
    if (q.hostname)
      for (const x of await this.client.queryDevices(`hostname:${fqlValue(q.hostname)}`, opts)) ids.add(x);
    if (!ids.size) return [];
    return this.client.getDevices([...ids], opts);
  }
}
