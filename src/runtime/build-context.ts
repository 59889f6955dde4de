/**
 * Builds the ToolContext for a surface: live (accounts from the database, clients via src/aws) or
 * evidence (one account described by an evidence folder).
 */
import { resolve } from 'node:path';
import type { AwsAccount } from '../aws/accounts';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { listAccounts } from '../db/queries/accounts';
import { installationExternalId } from '../db/queries/settings';
import { ToolError } from '../errors';
import type { IamSource } from '../iam/snapshot';
import { evidenceAccount, evidenceClock, evidenceNotCollected } from '../sources/evidence/account';
import { EvidenceTrailSource } from '../sources/evidence/cloudtrail';
import { assertEvidenceDir } from '../sources/evidence/files';
import { EvidenceIamSource } from '../sources/evidence/iam';
import { knownBadForEvidence, knownBadFromConfig } from '../sources/evidence/known-bad-ips';
import { evidenceIdp } from '../sources/evidence/idp';
import { evidenceRegional } from '../sources/evidence/posture';
import { AthenaTrailSource, AutoTrailSource } from '../sources/athena/cloudtrail';
import type { AthenaSettings } from '../sources/athena/query';
import { LakeTrailSource } from '../sources/lake/cloudtrail';
import type { LakeSettings } from '../sources/lake/query';
import { evidenceGlobal } from '../sources/evidence/s3';
import { LiveTrailSource } from '../sources/live/cloudtrail';
import { LiveIamSource } from '../sources/live/iam';
import { organizationsReader } from './organizations-reader';
import { liveIdp } from '../sources/live/idp';
import { falconSource } from '../sources/falcon';
import { liveRegional } from '../sources/live/posture';
import { liveGlobal } from '../sources/live/s3';
import type { SourceFactory, ToolContext } from '../../tools/context';

export interface ContextOptions {
  config: Config;
  db?: Db;
  evidenceDir?: string;
  /** Restrict to one configured account (CLI --account). */
  accountName?: string;
  actor: string;
  actorEmail?: string;
  conversationId?: string;
  progress?: (m: string) => void;
  signal?: AbortSignal;
  now?: () => Date;
}

/** One IAM source per account for a context's lifetime: every tool and rule shares one snapshot. */
export function perAccount(make: (a: AwsAccount) => IamSource): (a: AwsAccount) => IamSource {
  const cache = new Map<string, IamSource>();
  return (a) => {
    const key = `${a.name}|${a.accountId}`;
    let s = cache.get(key);
    if (!s) cache.set(key, (s = make(a)));
    return s;
  };
}

/** What a surface may show about an evidence folder: its account and its collection clock. */
export function evidenceInfo(dir: string): { account: AwsAccount; clock?: () => Date } {
  const abs = resolve(dir);
  return { account: evidenceAccount(abs), clock: evidenceClock(abs) };
}

export interface EvidenceSources {
  sources: SourceFactory;
  account: AwsAccount;
  /** account.json collectedAt, else the newest record's time (or S3 delivery file time). */
  clock?: () => Date;
  /** Said in every CloudTrail answer (notCollected…); mutable until the first question. */
  notes: string[];
  /** To add to `notes` when `clock` is used and comes from the newest record, not collectedAt. */
  clockNote?: string;
}

/**
 * The sources of an evidence folder. Reads the CloudTrail records once up front only when
 * account.json lacks what the answers need (its regions, where the paths do not name them; its
 * collectedAt, replaced by the newest record's time) — and says so in every CloudTrail answer, as
 * it says what `collect` recorded in notCollected.
 */
export async function evidenceSources(dir: string, config: Config): Promise<EvidenceSources> {
  const abs = resolve(dir);
  assertEvidenceDir(abs);
  const account = evidenceAccount(abs);
  let clock = evidenceClock(abs);
  const notes = evidenceNotCollected(abs)
    .filter((n) => /^cloudtrail\b/i.test(n))
    .map((n) => `account.json notCollected: ${n} — events it would have held are not in this folder.`);
  const probe = new EvidenceTrailSource(account, abs);
  let clockNote: string | undefined;
  if (!clock) {
    const o = await probe.overview();
    if (account.regions.length === 0) account.regions = o.regions;
    if (o.newest) {
      const newest = o.newest;
      clock = () => newest;
      const what = o.from === 'records' ? 'the newest record' : "the newest S3 delivery file's time";
      clockNote = `account.json has no collectedAt: relative windows ("last 7d", "this week") are measured from ${what} (${newest.toISOString()}), not from today.`;
    }
  } else if (account.regions.length === 0) account.regions = await probe.regions();
  return {
    account,
    clock,
    notes,
    ...(clockNote ? { clockNote } : {}),
    sources: {
      mode: 'evidence',
      evidenceDir: abs,
      trail: (a) => new EvidenceTrailSource(a, abs, notes),
      iam: perAccount((a) => new EvidenceIamSource(a, abs)),
      regional: () => evidenceRegional(abs),
      global: () => evidenceGlobal(abs),
      idp: () => evidenceIdp(abs, config.TRAILHOUND_IDP_PRIORITY),
      falcon: () => falconSource({ config, evidenceDir: abs }),
      knownBadIps: () => knownBadForEvidence(config, abs),
    },
  };
}

/** The Athena settings when configured (TRAILHOUND_ATHENA_*), else why not. */
export function athenaSettings(config: Config): AthenaSettings | string {
  const missing = (['TRAILHOUND_ATHENA_DATABASE', 'TRAILHOUND_ATHENA_TABLE'] as const).filter((k) => !config[k]);
  if (missing.length) return `${missing.join(' and ')} not set`;
  return {
    workgroup: config.TRAILHOUND_ATHENA_WORKGROUP ?? 'primary',
    outputLocation: config.TRAILHOUND_ATHENA_OUTPUT_LOCATION,
    database: config.TRAILHOUND_ATHENA_DATABASE!,
    table: config.TRAILHOUND_ATHENA_TABLE!,
    region: config.TRAILHOUND_ATHENA_REGION ?? process.env.AWS_REGION ?? 'us-east-1',
  };
}

/** The CloudTrail Lake settings when configured (TRAILHOUND_LAKE_*), else why not. */
export function lakeSettings(config: Config): LakeSettings | string {
  const eds = config.TRAILHOUND_LAKE_EVENT_DATA_STORE;
  if (!eds) return 'TRAILHOUND_LAKE_EVENT_DATA_STORE not set';
  const arnRegion = /^arn:aws[a-z-]*:cloudtrail:([a-z0-9-]+):/.exec(eds)?.[1];
  return {
    eventDataStore: eds,
    region: config.TRAILHOUND_LAKE_REGION ?? arnRegion ?? process.env.AWS_REGION ?? 'us-east-1',
  };
}

/**
 * The live CloudTrail reader per TRAILHOUND_CLOUDTRAIL_SOURCE: LookupEvents (default), Athena,
 * CloudTrail Lake, or auto (LookupEvents or SQL chosen per question, Lake preferred when
 * configured, else Athena). A SQL engine without its settings is an error at startup, not a
 * silent fallback.
 */
export function liveTrail(config: Config, externalId: string): Pick<SourceFactory, 'trail' | 'trailMaxDays'> {
  const mode = config.TRAILHOUND_CLOUDTRAIL_SOURCE;
  if (mode === 'lookup') return { trail: (a) => new LiveTrailSource(a, { externalId }) };
  const lake = lakeSettings(config);
  const athena = athenaSettings(config);
  const why = `TRAILHOUND_CLOUDTRAIL_SOURCE=${mode}`;
  let sql: ((a: AwsAccount) => AthenaTrailSource | LakeTrailSource) | undefined;
  if (mode === 'lake' || (mode === 'auto' && typeof lake !== 'string')) {
    if (typeof lake === 'string')
      throw new ToolError(`${why} needs CloudTrail Lake settings: ${lake} (see .env.example).`);
    sql = (a) => new LakeTrailSource(a, { settings: lake, externalId, ...(mode === 'lake' ? { why } : {}) });
  } else {
    if (typeof athena === 'string')
      throw new ToolError(
        `${why} needs Athena settings: ${athena} (see .env.example and \`trailhound cloudtrail athena-setup\`)${mode === 'auto' ? ', or CloudTrail Lake settings (TRAILHOUND_LAKE_EVENT_DATA_STORE)' : ''}.`,
      );
    sql = (a) => new AthenaTrailSource(a, { settings: athena, externalId, ...(mode === 'athena' ? { why } : {}) });
  }
  const make = sql;
  if (mode === 'athena' || mode === 'lake') return { trailMaxDays: null, trail: make };
  return {
    trailMaxDays: null,
    trail: (a) => new AutoTrailSource(a, new LiveTrailSource(a, { externalId }), make(a)),
  };
}

export async function liveSources(db: Db, config: Config): Promise<SourceFactory> {
  const externalId = await installationExternalId(db);
  const orgReader = organizationsReader(config.TRAILHOUND_ORGANIZATIONS_ACCOUNT ? await listAccounts(db) : [], config);
  return {
    mode: 'live',
    externalId,
    ...liveTrail(config, externalId),
    iam: perAccount((a) => new LiveIamSource(a, { externalId, organizations: orgReader(a) })),
    regional: (a) => liveRegional(a, { externalId }),
    global: (a) => liveGlobal(a, { externalId }),
    idp: () => liveIdp(config),
    falcon: () => falconSource({ config }),
    knownBadIps: () => knownBadFromConfig(config),
  };
}

export async function buildContext(o: ContextOptions): Promise<ToolContext> {
  let accounts: AwsAccount[];
  let sources: SourceFactory;
  let evidenceNow: (() => Date) | undefined;
  if (o.evidenceDir) {
    const ev = await evidenceSources(o.evidenceDir, o.config);
    accounts = [ev.account];
    sources = ev.sources;
    evidenceNow = ev.clock;
    if (!o.now && ev.clockNote) ev.notes.push(ev.clockNote);
  } else {
    if (!o.db) throw new Error('live mode needs the database (account registry)');
    accounts = await listAccounts(o.db);
    if (o.accountName) {
      const a = accounts.find((x) => x.name === o.accountName || x.accountId === o.accountName);
      if (!a)
        throw new ToolError(
          `Unknown account "${o.accountName}". ${accounts.length ? `Configured: ${accounts.map((x) => x.name).join(', ')}.` : 'None is configured yet: `trailhound accounts add …`, or use --evidence DIR.'}`,
        );
      accounts = [a];
    } else {
      // Suspended or closed in the organization (accounts discover): no role can be assumed there.
      accounts = accounts.filter((a) => a.status !== 'suspended');
    }
    sources = await liveSources(o.db, o.config);
  }
  return {
    mode: sources.mode,
    accounts,
    sources,
    config: o.config,
    db: o.db,
    actor: o.actor,
    actorEmail: o.actorEmail,
    conversationId: o.conversationId,
    // Over an evidence folder, "the last 24 hours" means before its collection (account.json collectedAt,
    // else its newest record).
    now: o.now ?? evidenceNow ?? (() => new Date()),
    progress: o.progress ?? (() => {}),
    signal: o.signal,
  };
}
