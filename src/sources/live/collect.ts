/**
 * `trailhound collect`: preserves an account's state as an evidence folder, in the layout the
 * evidence sources read (so a case can be analysed offline, later, with the same tools):
 *
 *   account.json                                   {accountId, name, regions, collectedAt, window, notCollected}
 *   cloudtrail/<accountId>/<region>/lookup-events-<start>-<end>[-<n>].json.gz
 *                                                  `aws cloudtrail lookup-events` output shape: {"Events":[…]}
 *   iam/authorization-details.json, credential-report.csv, account-summary.json, password-policy.json,
 *       saml-providers.json, oidc-providers.json, virtual-mfa-devices.json      (aws CLI output shapes)
 *   ec2/<region>/describe-*.json, get-ebs-encryption-by-default.json           (aws CLI output shapes)
 *   cloudtrail-config/<region>/describe-trails.json, get-trail-status.json, get-event-selectors.json
 *   s3/list-buckets.json, get-public-access-block.json, buckets/<bucket>/get-bucket-*.json  (aws CLI output shapes)
 *   organizations/policies.json                    the account's SCPs/RCPs (src/iam/organizations.ts shape)
 *
 * Each part's writer lives beside this file (collect-cloudtrail, collect-iam, collect-regional,
 * collect-s3); this module only runs them in parallel and records what could not be collected.
 * CloudTrail is streamed to gzip with back-pressure (bounded memory, any number of events) and
 * read through the paced LookupEvents source. IAM comes from the live IAM snapshot (helper 4A's
 * loader), EC2 and trail configuration from the live regional readers (4B's); this module only
 * writes what they return back into the evidence formats. A part that could not be read is not
 * written (so reading the folder later warns about it) and is listed in account.json notCollected.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RegionProgress } from '../../cloudtrail/collect-progress';
import type { AwsAccount } from '../../aws/accounts';
import type { IamSnapshot } from '../../iam/snapshot';
import type { GlobalSnapshot } from '../../posture/global';
import type { RegionSnapshot } from '../../posture/regional';
import type { TrailSource } from '../../cloudtrail/source';
import { collectRegion, type RegionCollect } from './collect-cloudtrail';
import { ORGANIZATIONS_EVIDENCE_FILE } from '../../iam/organizations';
import { IAM_FILE, iamEvidenceFiles } from './collect-iam';
import { organizationPoliciesFileOf } from './collect-organizations';
import { regionalEvidenceFiles } from './collect-regional';
import { s3EvidenceFiles } from './collect-s3';

export { lookupEventOf, type RegionCollect } from './collect-cloudtrail';
export { credentialReportCsv, gaadOf, iamEvidenceFiles } from './collect-iam';
export { regionalEvidenceFiles } from './collect-regional';
export { s3EvidenceFiles } from './collect-s3';

export interface CollectSources {
  trail: TrailSource;
  iam: () => Promise<IamSnapshot>;
  /** EC2 + CloudTrail configuration per region; absent when no reader is available. */
  regional?: (regions: string[]) => Promise<{
    regions: Record<string, RegionSnapshot>;
    warnings: { api: string; message: string; region?: string }[];
  }>;
  /** S3 configuration; absent when no reader is available. */
  global?: () => Promise<{ global: GlobalSnapshot; warnings: { api: string; message: string }[] }>;
}

export interface CollectOptions {
  account: AwsAccount;
  out: string;
  start: Date;
  end: Date;
  regions: string[];
  sources: CollectSources;
  /** Events per gzip file before starting the next one (default 50,000). */
  eventsPerFile?: number;
  /** Stop a region after this many events (LookupEvents returns newest first: the oldest are left out). */
  maxEventsPerRegion?: number;
  progress?: (m: string) => void;
  /** Per-region CloudTrail progress (share of the window, events, pages, throttles). */
  onRegionProgress?: (p: RegionProgress) => void;
  signal?: AbortSignal;
  now?: () => Date;
}

export interface CollectReport {
  dir: string;
  account: string;
  accountId: string;
  window: { start: string; end: string };
  cloudtrail: RegionCollect[];
  iam: { files: string[] };
  regional: { files: string[] };
  s3: { files: string[] };
  /** What is missing from the folder, and why. */
  notCollected: string[];
}

/**
 * True when not one part could be read: every region's CloudTrail export failed before any event and
 * no IAM, EC2/trail-configuration or S3 file was written (e.g. the read role cannot be assumed). The
 * folder then holds no evidence at all: a failure, not a partial collection.
 */
export function nothingCollected(r: Pick<CollectReport, 'cloudtrail' | 'iam' | 'regional' | 's3'>): boolean {
  return (
    r.cloudtrail.every((c) => c.error !== undefined && c.events === 0) &&
    !r.iam.files.length &&
    !r.regional.files.length &&
    !r.s3.files.length
  );
}

export async function collectEvidence(o: CollectOptions): Promise<CollectReport> {
  const now = o.now ?? (() => new Date());
  mkdirSync(o.out, { recursive: true });
  const notCollected: string[] = [];
  const write = (rel: string, text: string) => {
    const p = join(o.out, rel);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, text);
  };

  o.progress?.(`${o.account.name}: exporting CloudTrail (LookupEvents) in ${o.regions.join(', ')}…`);
  const [cloudtrail, iamFiles, regionalFiles, s3Files] = await Promise.all([
    Promise.all(o.regions.map((region) => collectRegion({ ...o, trail: o.sources.trail }, region))),
    (async () => {
      try {
        const snap = await o.sources.iam();
        const { files, missing } = iamEvidenceFiles(snap);
        for (const [name, text] of Object.entries(files)) write(join('iam', name), text);
        for (const w of snap.warnings) if (w.missing) notCollected.push(`iam (${w.api}): ${w.message}`);
        for (const m of missing)
          if (!snap.warnings.some((w) => w.missing && m.endsWith(IAM_FILE[w.part])))
            notCollected.push(`${m}: not returned by the IAM snapshot`);
        const written = Object.keys(files).map((f) => `iam/${f}`);
        // SCPs/RCPs: written whenever they were asked for (with the reader's notes, so reading the
        // folder later says the same "not evaluated" reasons); what could not be read is listed.
        if (snap.organizations) {
          write(
            ORGANIZATIONS_EVIDENCE_FILE,
            `${JSON.stringify(organizationPoliciesFileOf(snap.organizations), null, 2)}\n`,
          );
          written.push(ORGANIZATIONS_EVIDENCE_FILE);
          for (const n of snap.organizations.notes)
            if (/^(SCPs|RCPs) not evaluated:/.test(n)) notCollected.push(`${ORGANIZATIONS_EVIDENCE_FILE}: ${n}`);
        } else notCollected.push(`${ORGANIZATIONS_EVIDENCE_FILE}: the organization's SCPs/RCPs were not read`);
        return written;
      } catch (err) {
        notCollected.push(`iam/*: the IAM snapshot failed (${(err as Error).message})`);
        return [];
      }
    })(),
    (async () => {
      if (!o.sources.regional) {
        notCollected.push(
          'ec2/* and cloudtrail-config/*: no live EC2/CloudTrail configuration reader is available in this build',
        );
        return [];
      }
      try {
        const r = await o.sources.regional(o.regions);
        const files: string[] = [];
        for (const [region, snap] of Object.entries(r.regions)) {
          for (const [rel, value] of Object.entries(regionalEvidenceFiles(snap))) {
            const [folder, ...rest] = rel.split('/');
            const path = join(folder!, region, ...rest);
            write(path, `${JSON.stringify(value, null, 2)}\n`);
            files.push(path);
          }
        }
        for (const w of r.warnings) notCollected.push(`${w.region ? `${w.region} ` : ''}${w.api}: ${w.message}`);
        return files;
      } catch (err) {
        notCollected.push(`ec2/* and cloudtrail-config/*: ${(err as Error).message}`);
        return [];
      }
    })(),
    (async () => {
      if (!o.sources.global) {
        notCollected.push('s3/*: no live S3 configuration reader is available in this build');
        return [];
      }
      try {
        const r = await o.sources.global();
        const files = Object.entries(s3EvidenceFiles(r.global)).map(([rel, value]) => {
          write(rel, `${JSON.stringify(value, null, 2)}\n`);
          return rel;
        });
        for (const w of r.warnings) notCollected.push(`${w.api}: ${w.message}`);
        return files;
      } catch (err) {
        notCollected.push(`s3/*: ${(err as Error).message}`);
        return [];
      }
    })(),
  ]);
  for (const c of cloudtrail) {
    if (c.error)
      notCollected.push(`cloudtrail ${c.region}: ${c.error} (${c.events} events were written before it failed)`);
    if (c.truncated)
      notCollected.push(
        `cloudtrail ${c.region}: stopped after ${c.events} events (--max-events); older events of the window were not collected`,
      );
  }

  const report: CollectReport = {
    dir: o.out,
    account: o.account.name,
    accountId: o.account.accountId,
    window: { start: o.start.toISOString(), end: o.end.toISOString() },
    cloudtrail,
    iam: { files: iamFiles },
    regional: { files: regionalFiles },
    s3: { files: s3Files },
    notCollected,
  };
  write(
    'account.json',
    `${JSON.stringify(
      {
        accountId: o.account.accountId,
        name: o.account.name,
        regions: o.regions,
        collectedAt: now().toISOString(),
        collectedBy: 'trailhound collect',
        window: report.window,
        cloudtrail: cloudtrail.map((c) => ({
          region: c.region,
          events: c.events,
          source: 'cloudtrail:LookupEvents (management events)',
        })),
        notCollected,
      },
      null,
      2,
    )}\n`,
  );
  return report;
}
