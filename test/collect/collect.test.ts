/**
 * `trailhound collect` at the HTTP level: CloudTrail LookupEvents (two pages), the IAM snapshot
 * APIs, EC2 and CloudTrail configuration are served by nock with the real wire fixtures; the
 * evidence folder written is then read back with the evidence sources and must equal what was
 * read live.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetAwsClients } from '../../src/aws/clients';
import type { CloudTrailRecord } from '../../src/cloudtrail/record';
import type { IamSnapshot } from '../../src/iam/snapshot';
import type { RegionSnapshot } from '../../src/posture/regional';
import { evidenceAccount } from '../../src/sources/evidence/account';
import { loadTrailConfigEvidence } from '../../src/sources/evidence/cloudtrail-config';
import { EvidenceTrailSource } from '../../src/sources/evidence/cloudtrail';
import { loadEc2Evidence } from '../../src/sources/evidence/ec2';
import { EvidenceIamSource } from '../../src/sources/evidence/iam';
import { LiveTrailSource } from '../../src/sources/live/cloudtrail';
import { collectEvidence, credentialReportCsv, lookupEventOf } from '../../src/sources/live/collect';
import { renderCollectReport, sinceWindow } from '../../src/cli/commands/collect';
import { collectProgressReporter } from '../../src/cli/collect-progress';
import type { RegionProgress } from '../../src/cloudtrail/collect-progress';
import { organizationCoverage } from '../../src/iam/organizations';
import { liveCollectSources } from '../../src/runtime/collect';
import { fullOrgScript, orgServer } from '../helpers/organizations-wire';
import { parseCredentialReportCsv } from '../../src/iam/credential-report';
import { TEST_EXTERNAL_ID, testAccount } from '../helpers/context';
import { S3_OK, serveS3 } from '../helpers/s3-wire';
import { KMS_OK, serveKms } from '../helpers/kms-wire';
import { MON_OK, serveMonitoring } from '../helpers/monitoring-wire';
import { loadMonitoringEvidence } from '../../src/sources/evidence/monitoring';
import { loadKmsEvidence } from '../../src/sources/evidence/kms';
import { loadWorkloadsEvidence } from '../../src/sources/evidence/workloads';
import { serveWorkloads, WORKLOADS_OK } from '../helpers/workload-wire';
import { loadS3Evidence } from '../../src/sources/evidence/s3';
import type { GlobalSnapshot } from '../../src/posture/global';
import { wire, wireJson } from '../helpers/fixtures';
import {
  COLLECTED_EC2_FILES,
  COLLECTED_TRAIL_CONFIG_FILES,
  serveCloudTrail,
  serveEc2,
  serveIam,
} from '../helpers/collect-wire';

const NOW = new Date('2025-03-14T13:00:00Z');
const account = testAccount({ name: 'prod', accountId: '222222222222', regions: ['us-east-1'] });
/** The live sources, recording what they returned so the read-back can be compared with it. */
function recordingSources() {
  const src = liveCollectSources(account, TEST_EXTERNAL_ID, () => NOW);
  src.trail = new LiveTrailSource(account, { externalId: TEST_EXTERNAL_ID, perSecond: 1000 });
  const seen: {
    records: CloudTrailRecord[];
    iam?: IamSnapshot;
    regional?: Record<string, RegionSnapshot>;
    global?: GlobalSnapshot;
  } = { records: [] };
  const global = src.global!;
  src.global = async () => {
    const r = await global();
    seen.global = r.global;
    return r;
  };
  const trail = src.trail;
  const iam = src.iam;
  const regional = src.regional!;
  src.trail = {
    kind: 'live',
    account,
    async *events(region, q, o) {
      for await (const r of trail.events(region, q, o)) {
        seen.records.push(r);
        yield r;
      }
    },
  };
  src.iam = async () => (seen.iam = await iam());
  src.regional = async (regions) => {
    const r = await regional(regions);
    seen.regional = r.regions;
    return r;
  };
  return { src, seen };
}

describe('trailhound collect (wire level)', () => {
  beforeEach(() => resetAwsClients());
  afterEach(() => nock.cleanAll());

  it('writes an evidence folder that reads back equal to what was read live', async () => {
    serveIam();
    orgServer(fullOrgScript());
    serveCloudTrail();
    serveEc2();
    serveS3(S3_OK);
    serveKms('us-east-1', KMS_OK);
    serveMonitoring('us-east-1', MON_OK);
    serveWorkloads('us-east-1', WORKLOADS_OK);
    const out = mkdtempSync(join(tmpdir(), 'collect-'));
    const { src, seen } = recordingSources();
    const w = sinceWindow('7d', NOW);
    const updates: RegionProgress[] = [];
    const plain: string[] = [];
    const reporter = collectProgressReporter({ stream: { isTTY: false, write: (l: string) => plain.push(l) } });
    const report = await collectEvidence({
      account,
      out,
      start: w.start,
      end: w.end,
      regions: ['us-east-1'],
      sources: src,
      now: () => NOW,
      eventsPerFile: 5,
      onRegionProgress: (p) => (updates.push(p), reporter.update(p)),
    });
    reporter.finish();
    // Progress after each LookupEvents page, then the end: pages, events, how far back the window was read.
    expect(updates.map((u) => [u.pages, u.events, !!u.done])).toEqual([
      [1, 5, false],
      [2, 8, false],
      [2, 8, true],
    ]);
    expect(updates[1]!.oldest! >= w.start.toISOString()).toBe(true);
    expect(updates[1]!.throttles).toBe(0);
    // Not a terminal: plain lines, the region's end among them.
    expect(plain.at(-1)).toMatch(
      /^prod us-east-1: 100% of the window .*8 events, 2 page\(s\), 0 throttle\(s\) absorbed — done\n$/,
    );

    // layout
    expect(report.cloudtrail).toEqual([
      {
        region: 'us-east-1',
        events: 8,
        files: [
          'lookup-events-20250307T1300Z-20250314T1300Z.json.gz',
          'lookup-events-20250307T1300Z-20250314T1300Z-2.json.gz',
        ],
      },
    ]);
    expect(readdirSync(join(out, 'cloudtrail/222222222222/us-east-1')).sort()).toEqual(
      report.cloudtrail[0]!.files.slice().sort(),
    );
    expect(report.iam.files.sort()).toEqual(
      [
        'account-summary.json',
        'authorization-details.json',
        'credential-report.csv',
        'oidc-providers.json',
        'password-policy.json',
        'saml-providers.json',
        'virtual-mfa-devices.json',
      ]
        .map((f) => `iam/${f}`)
        .concat('organizations/policies.json')
        .sort(),
    );
    expect(readdirSync(join(out, 'ec2/us-east-1')).sort()).toEqual(COLLECTED_EC2_FILES);
    expect(readdirSync(join(out, 'cloudtrail-config/us-east-1')).sort()).toEqual(COLLECTED_TRAIL_CONFIG_FILES);
    expect(report.notCollected).toEqual([]);
    const meta = JSON.parse(readFileSync(join(out, 'account.json'), 'utf8'));
    expect(meta).toMatchObject({
      accountId: '222222222222',
      name: 'prod',
      regions: ['us-east-1'],
      collectedAt: NOW.toISOString(),
      notCollected: [],
    });

    // read back: CloudTrail
    const ev = evidenceAccount(out);
    expect(ev).toMatchObject({ accountId: '222222222222', name: 'prod', regions: ['us-east-1'] });
    const back: CloudTrailRecord[] = [];
    for await (const r of new EvidenceTrailSource(ev, out).events('us-east-1', { start: w.start, end: w.end }))
      back.push(r);
    const byId = (l: CloudTrailRecord[]) => [...l].sort((a, b) => a.eventID.localeCompare(b.eventID));
    expect(back).toHaveLength(8);
    expect(byId(back)).toEqual(byId(seen.records));
    // a pushed-down lookup on the evidence matches the live attribute semantics
    const byKey: CloudTrailRecord[] = [];
    for await (const r of new EvidenceTrailSource(ev, out).events('us-east-1', {
      start: w.start,
      end: w.end,
      lookup: { key: 'AccessKeyId', value: 'AKIAIOSFODNN7EXAMPLE' },
    }))
      byKey.push(r);
    expect(byKey.map((r) => r.eventID).sort()).toEqual(
      seen.records
        .filter((r) => r.userIdentity?.accessKeyId === 'AKIAIOSFODNN7EXAMPLE')
        .map((r) => r.eventID)
        .sort(),
    );

    // read back: IAM snapshot
    const iamBack = await new EvidenceIamSource(ev, out).snapshot();
    const strip = (s: IamSnapshot) => ({
      ...s,
      origin: undefined,
      apiCalls: undefined,
      collectedAt: undefined,
      credentialReport: s.credentialReport && { rows: s.credentialReport.rows },
      organizations: s.organizations && { ...s.organizations, source: undefined },
    });
    expect(iamBack.warnings).toEqual([]);
    expect(strip(iamBack)).toEqual(strip(seen.iam!));
    // The SCPs/RCPs the live snapshot applied are what the folder applies.
    expect(organizationCoverage(iamBack.organizations)).toEqual({ scps: true, rcps: true });
    expect(iamBack.organizations!.source).toBe('evidence organizations/policies.json');
    expect(seen.iam!.users.length).toBeGreaterThan(0);
    expect(seen.iam!.credentialReport!.rows.length).toBeGreaterThan(0);

    // read back: EC2 and trail configuration
    const ec2 = loadEc2Evidence(out, 'us-east-1');
    const trails = loadTrailConfigEvidence(out, 'us-east-1');
    expect(ec2.warnings).toEqual([]);
    expect(trails.warnings).toEqual([]);
    const kms = loadKmsEvidence(out, 'us-east-1');
    expect(kms.warnings).toEqual([]);
    const mon = loadMonitoringEvidence(out, 'us-east-1');
    expect(mon.warnings).toEqual([]);
    expect(mon.region.securityHub).toMatchObject({ HubArn: 'arn:aws:securityhub:us-east-1:222222222222:hub/default' });
    expect(mon.region.guardDutyDetectors![0]).toMatchObject({ status: 'ENABLED' });
    const workloads = loadWorkloadsEvidence(out, 'us-east-1');
    expect(workloads.warnings).toEqual([]);
    expect({ ...ec2.region, ...trails.region, ...kms.region, ...workloads.region, ...mon.region }).toEqual(
      seen.regional!['us-east-1'],
    );
    expect(seen.regional!['us-east-1']!.lambdaFunctions).toHaveLength(2);
    expect(seen.regional!['us-east-1']!.ecsTaskDefinitions).toHaveLength(2);
    // Environment variable values never reach the evidence folder.
    for (const f of ['lambda/us-east-1/list-functions.json', 'ecs/us-east-1/describe-task-definition.json']) {
      const text = readFileSync(join(out, f), 'utf8');
      expect(text).toMatch(/DB_PASSWORD|STRIPE_API_KEY/);
      expect(text).not.toMatch(/hunter2|sk_live/);
    }
    expect(readdirSync(join(out, 'rds/us-east-1')).sort()).toEqual([
      'describe-db-cluster-snapshot-attributes.json',
      'describe-db-cluster-snapshots.json',
      'describe-db-instances.json',
      'describe-db-snapshot-attributes.json',
      'describe-db-snapshots.json',
    ]);
    expect(seen.regional!['us-east-1']!.kmsKeys!.map((k) => k.KeyManager)).toEqual(['CUSTOMER', 'AWS']);
    expect(seen.regional!['us-east-1']!.securityGroups!.length).toBeGreaterThan(0);
    expect(
      seen.regional!['us-east-1']!.trailStatus!['arn:aws:cloudtrail:us-east-1:222222222222:trail/management-events']!
        .IsLogging,
    ).toBe(false);

    // read back: S3 (the files are aws s3api / s3control output shapes)
    expect(report.s3.files).toContain('s3/list-buckets.json');
    expect(report.s3.files).toContain('s3/buckets/acme-public-site/get-bucket-policy.json');
    const s3Back = loadS3Evidence(out);
    expect(s3Back.warnings).toEqual([]);
    expect(s3Back.global).toEqual(seen.global);
    expect(seen.global!.buckets!.map((b) => b.Name)).toEqual([
      'acme-cloudtrail-logs',
      'acme-public-site',
      'acme-vendor-drop',
    ]);
    expect(seen.global!.buckets![1]!.PublicAccessBlock).toBeNull();

    expect(renderCollectReport(report)).toContain('cloudtrail us-east-1: 8 events in 2 file(s)');
  });

  it('a failure part-way is reported, the events already read are kept, and the folder stays readable', async () => {
    serveIam();
    orgServer({ ...fullOrgScript(), ListRoots: [[400, wire('organizations/access-denied.json')]] });
    serveCloudTrail({ failLookup: true });
    serveEc2();
    const out = mkdtempSync(join(tmpdir(), 'collect-'));
    const { src } = recordingSources();
    const w = sinceWindow('7d', NOW);
    const report = await collectEvidence({
      account,
      out,
      start: w.start,
      end: w.end,
      regions: ['us-east-1'],
      sources: { ...src, regional: undefined, global: undefined },
      now: () => NOW,
    });
    expect(report.cloudtrail[0]).toMatchObject({ region: 'us-east-1', events: 5 });
    expect(report.cloudtrail[0]!.error).toMatch(/LookupEvents/);
    expect(report.notCollected).toHaveLength(4);
    expect(report.notCollected).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^organizations\/policies\.json: SCPs not evaluated: organizations:ListRoots was denied to the account's own read role/,
        ),
        'ec2/* and cloudtrail-config/*: no live EC2/CloudTrail configuration reader is available in this build',
        's3/*: no live S3 configuration reader is available in this build',
        expect.stringMatching(/^cloudtrail us-east-1: .*\(5 events were written before it failed\)$/),
      ]),
    );
    const back: CloudTrailRecord[] = [];
    for await (const r of new EvidenceTrailSource(evidenceAccount(out), out).events('*', {
      start: w.start,
      end: w.end,
    }))
      back.push(r);
    expect(back).toHaveLength(5);
  });

  it('--max-events keeps the newest events of each region and says what was left out', async () => {
    serveCloudTrail();
    const out = mkdtempSync(join(tmpdir(), 'collect-'));
    const { src } = recordingSources();
    const w = sinceWindow('7d', NOW);
    const report = await collectEvidence({
      account,
      out,
      start: w.start,
      end: w.end,
      regions: ['us-east-1'],
      now: () => NOW,
      maxEventsPerRegion: 3,
      sources: {
        ...src,
        iam: async () => Promise.reject(new Error('AccessDenied on iam:GetAccountAuthorizationDetails')),
        regional: undefined,
        global: undefined,
      },
    });
    expect(report.cloudtrail[0]).toMatchObject({ events: 3, truncated: true });
    expect(report.notCollected).toContain(
      'cloudtrail us-east-1: stopped after 3 events (--max-events); older events of the window were not collected',
    );
    expect(report.notCollected).toContain(
      'iam/*: the IAM snapshot failed (AccessDenied on iam:GetAccountAuthorizationDetails)',
    );
    expect(renderCollectReport(report)).toContain('— stopped at --max-events');
  });

  it('--since is capped at the LookupEvents retention', () => {
    const w = sinceWindow('200d', NOW);
    expect(w.clipped).toBe(true);
    expect(NOW.getTime() - w.start.getTime()).toBe(90 * 86_400_000);
    expect(() => sinceWindow('forever', NOW)).toThrow(/--since/);
  });

  it('the credential report CSV round-trips through the parser', () => {
    const csv = wire('iam/get-credential-report.decoded.csv');
    const rows = parseCredentialReportCsv(csv).rows;
    expect(parseCredentialReportCsv(credentialReportCsv(rows)).rows).toEqual(rows);
  });

  it('lookup-events records keep LookupEvents fields', () => {
    const r = JSON.parse(wireJson('cloudtrail/lookup-events-page1.json').Events[1].CloudTrailEvent) as CloudTrailRecord;
    const e = lookupEventOf(r);
    expect(e).toMatchObject({
      EventId: r.eventID,
      EventName: r.eventName,
      EventSource: r.eventSource,
      EventTime: Date.parse(r.eventTime) / 1000,
    });
    expect(JSON.parse(e.CloudTrailEvent as string)).toEqual(r);
  });
});
