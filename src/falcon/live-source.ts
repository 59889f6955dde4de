/** The live Falcon reader: the port of src/crowdstrike/source over the Falcon API client. */
import { DEVICE_ID, type FalconSource, findAlerts } from '../crowdstrike/source';
import type { FalconAlert } from '../crowdstrike/types';
import { type FalconClient, fqlValue } from './client';

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
