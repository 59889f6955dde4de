/**
 * Composes the live readers `trailhound collect` needs (CloudTrail, the IAM snapshot, EC2 and trail
 * configuration, S3) so the CLI surface never builds a source itself.
 */
import type { AwsAccount } from '../aws/accounts';
import type { RegionProgress } from '../cloudtrail/collect-progress';
import { LiveTrailSource } from '../sources/live/cloudtrail';
import { type CollectReport, collectEvidence, type CollectSources } from '../sources/live/collect';
import { collectLiveIamSnapshot, type LiveIamOptions } from '../sources/live/iam';
import { liveRegional } from '../sources/live/posture';
import { loadS3Live } from '../sources/live/s3';

export { LOOKUP_RETENTION_DAYS } from '../cloudtrail/source';
export type { CollectReport } from '../sources/live/collect';
export { nothingCollected } from '../sources/live/collect';

/** The live sources collect reads (tests replace the HTTP layer with nock). */
export function liveCollectSources(
  account: AwsAccount,
  externalId: string,
  now: () => Date,
  organizations?: LiveIamOptions['organizations'],
): CollectSources {
  const regional = liveRegional(account, { externalId });
  return {
    trail: new LiveTrailSource(account, { externalId }),
    iam: () => collectLiveIamSnapshot(account, { externalId, now, organizations }),
    regional: (regions) => regional.read(regions),
    global: () => loadS3Live(account, { externalId }),
  };
}

export function collectAccount(o: {
  account: AwsAccount;
  externalId: string;
  out: string;
  start: Date;
  end: Date;
  regions: string[];
  maxEventsPerRegion?: number;
  progress?: (m: string) => void;
  onRegionProgress?: (p: RegionProgress) => void;
  now: () => Date;
  /** Whose credentials read the SCPs/RCPs (organizationsReader); default the account itself. */
  organizations?: LiveIamOptions['organizations'];
  /** Stops the CloudTrail export (the regions it cut short are named in notCollected). */
  signal?: AbortSignal;
}): Promise<CollectReport> {
  const { externalId, organizations, ...rest } = o;
  return collectEvidence({ ...rest, sources: liveCollectSources(o.account, externalId, o.now, organizations) });
}
