/**
 * What a tool receives: the accounts in scope, where to read from (live AWS or an evidence folder),
 * who is asking, and a progress callback. Tools never build SDK clients or sources themselves:
 * every reader comes from `sources`, whose ports live beside the analysis that reads them
 * (src/cloudtrail/source, src/iam/snapshot, src/posture/collect, src/identity/idp) and whose
 * implementations (src/sources) src/runtime composes.
 */
import type { AwsAccount } from '../src/aws/accounts';
import type { KnownBadList } from '../src/cloudtrail/ip-context';
import type { TrailSource } from '../src/cloudtrail/source';
import type { Config } from '../src/config';
import type { FalconSource } from '../src/crowdstrike/source';
import type { Db } from '../src/db/client';
import type { IamSource } from '../src/iam/snapshot';
import type { IdentityProvider } from '../src/identity/idp';
import type { GlobalSource, RegionalSource } from '../src/posture/collect';

export interface SourceFactory {
  mode: 'live' | 'evidence';
  /** Set in evidence mode. */
  evidenceDir?: string;
  /** This installation's External ID (live mode), for AssumeRole. */
  externalId?: string;
  trail(account: AwsAccount): TrailSource;
  /**
   * How many days back `trail` can read: absent = LookupEvents' 90 (live) or unlimited (evidence);
   * null = no limit (Athena / auto, TRAILHOUND_CLOUDTRAIL_SOURCE).
   */
  trailMaxDays?: number | null;
  /** The account's IAM snapshot source; memoised per account for the context's lifetime (one snapshot per scan). */
  iam(account: AwsAccount): IamSource;
  /** The account's regional configuration (EC2, CloudTrail trails) for posture rules. */
  regional(account: AwsAccount): RegionalSource;
  /** The account's global configuration (S3: account Block Public Access, buckets) for posture rules. */
  global(account: AwsAccount): GlobalSource;
  /** The identity providers (evidence okta/ and idp/<provider>/users.json, or those configured), combined, or none. */
  idp(): IdentityProvider | undefined;
  /** CrowdStrike Falcon alerts and hosts (evidence crowdstrike/, or FALCON_CLIENT_ID/SECRET), or none. */
  falcon?(): FalconSource | undefined;
  /** The configured known-bad networks (TRAILHOUND_KNOWN_BAD_IPS_FILE); a broken file is a warning. */
  knownBadIps(): { list?: KnownBadList; warnings: string[] };
}

export interface ToolContext {
  mode: 'live' | 'evidence';
  /** Accounts in scope for this question (all configured, or the one of --account/--evidence). */
  accounts: AwsAccount[];
  sources: SourceFactory;
  config: Config;
  db?: Db;
  /** Who asked (Slack user id + email, or the CLI user). */
  actor: string;
  actorEmail?: string;
  conversationId?: string;
  /** Set by the Slack surface: the thread the question came from (proposals post their card there). */
  slack?: { channel: string; threadTs: string };
  now(): Date;
  progress(message: string): void;
  signal?: AbortSignal;
}
