/** AWS Config helpers (pure): the recorder, its status and the delivery channel of each read region. */
import type { ConfigRecorder, ConfigRecorderStatus, DeliveryChannelStatus } from '../monitoring';
import type { AccountSnapshot } from '../snapshot';
import { regionsWith } from '../snapshot';

export const configResource = (s: AccountSnapshot, region: string, what: string) =>
  `arn:aws:config:${region}:${s.account.accountId}:${what}`;

/** Records every supported resource type (allSupported, or the ALL_SUPPORTED_RESOURCE_TYPES strategy, no exclusions). */
export function recordsAll(r: ConfigRecorder): boolean {
  const g = r.recordingGroup;
  if (!g) return true; // the API default is all supported types
  if (g.exclusionByResourceTypes?.resourceTypes?.length) return false;
  return g.allSupported === true || g.recordingStrategy?.useOnly === 'ALL_SUPPORTED_RESOURCE_TYPES';
}

export interface ConfigRegion {
  region: string;
  recorders: ConfigRecorder[];
  status?: ConfigRecorderStatus[];
  delivery?: DeliveryChannelStatus[];
}

export function configRegions(s: AccountSnapshot): ConfigRegion[] {
  return regionsWith(s, 'configRecorders').map(([region, recorders]) => ({
    region,
    recorders,
    status: s.regions[region]?.configRecorderStatus,
    delivery: s.regions[region]?.configDeliveryStatus,
  }));
}
