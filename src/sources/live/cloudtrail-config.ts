/**
 * CloudTrail trail configuration, live, per region: DescribeTrails (shadow trails included), then
 * GetTrailStatus and GetEventSelectors for each trail whose home is this region — or, for a trail
 * homed in a region outside the account's scope, in the first region that lists it. Costs
 * 1 + 2 × trails calls per account, whatever the number of regions.
 */
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';
import type { AwsAccount } from '../../aws/accounts';
import { awsClient } from '../../aws/clients';
import type { RegionSnapshot, SnapshotWarning, Trail, TrailSelectors, TrailStatus } from '../../posture/regional';
import { plain, readPart, REGION_FATAL } from './read-part';

/** Which region reads a trail's status and selectors (its home, else the first scoped region listing it). */
export function readsTrailIn(
  trail: Trail,
  region: string,
  scope: string[],
  listedIn: (arn: string) => string | undefined,
): boolean {
  if (trail.HomeRegion && scope.includes(trail.HomeRegion)) return trail.HomeRegion === region;
  return (listedIn(trail.TrailARN) ?? region) === region;
}

export async function describeTrailsLive(
  account: AwsAccount,
  region: string,
  opts: { externalId: string },
): Promise<{ trails?: Trail[]; warning?: SnapshotWarning; regionFailed: boolean }> {
  const client = awsClient(CloudTrailClient, account, region, { externalId: opts.externalId });
  const r = await readPart(
    account,
    region,
    'cloudtrail:DescribeTrails',
    ['trails', 'trailStatus', 'eventSelectors'],
    async () =>
      plain<Trail[]>((await client.send(new DescribeTrailsCommand({ includeShadowTrails: true }))).trailList ?? []),
  );
  if ('value' in r) return { trails: r.value, regionFailed: false };
  return { warning: r.warning, regionFailed: REGION_FATAL.includes(r.kind) };
}

export async function trailDetailsLive(
  account: AwsAccount,
  region: string,
  trails: Trail[],
  opts: { externalId: string },
): Promise<{ region: Partial<RegionSnapshot>; warnings: SnapshotWarning[] }> {
  const client = awsClient(CloudTrailClient, account, region, { externalId: opts.externalId });
  const trailStatus: Record<string, TrailStatus> = {};
  const eventSelectors: Record<string, TrailSelectors> = {};
  const warnings: SnapshotWarning[] = [];
  for (const t of trails) {
    const s = await readPart(account, region, 'cloudtrail:GetTrailStatus', ['trailStatus'], async () => {
      const o = await client.send(new GetTrailStatusCommand({ Name: t.TrailARN }));
      return {
        IsLogging: o.IsLogging === true,
        LatestDeliveryError: o.LatestDeliveryError,
        LatestDeliveryTime: o.LatestDeliveryTime?.toISOString(),
        StopLoggingTime: o.StopLoggingTime?.toISOString(),
      } satisfies TrailStatus;
    });
    if ('value' in s) trailStatus[t.TrailARN] = s.value;
    else warnings.push({ ...s.warning, message: `${t.Name}: ${s.warning.message}` });
    const e = await readPart(account, region, 'cloudtrail:GetEventSelectors', ['eventSelectors'], async () => {
      const o = await client.send(new GetEventSelectorsCommand({ TrailName: t.TrailARN }));
      return plain<TrailSelectors>({
        EventSelectors: o.EventSelectors,
        AdvancedEventSelectors: o.AdvancedEventSelectors,
      });
    });
    if ('value' in e) eventSelectors[t.TrailARN] = e.value;
    else warnings.push({ ...e.warning, message: `${t.Name}: ${e.warning.message}` });
  }
  return { region: { trailStatus, eventSelectors }, warnings };
}
