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
 *
 * CloudTrail is streamed to gzip with back-pressure (bounded memory, any number of events) and
 * read through the paced LookupEvents source. IAM comes from the live IAM snapshot (helper 4A's
 * loader), EC2 and trail configuration from the live regional readers (4B's); this module only
 * writes what they return back into the evidence formats. A part that could not be read is not
 * written (so reading the folder later warns about it) and is listed in account.json notCollected.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import type { AwsAccount } from '../../aws/accounts';
import type { CloudTrailRecord } from '../../cloudtrail/record';
import type { CredentialReportRow, IamSnapshot, IamSnapshotPart, PolicyDocument } from '../../iam/snapshot';
import type { RegionSnapshot } from '../../posture/regional';
import type { TrailSource } from '../../cloudtrail/source';
import { AwsReadError } from '../../aws/errors';
import { IAM_EVIDENCE_FILES } from '../evidence/iam';

export interface CollectSources {
  trail: TrailSource;
  iam: () => Promise<IamSnapshot>;
  /** EC2 + CloudTrail configuration per region; absent when no reader is available. */
  regional?: (regions: string[]) => Promise<{
    regions: Record<string, RegionSnapshot>;
    warnings: { api: string; message: string; region?: string }[];
  }>;
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
  signal?: AbortSignal;
  now?: () => Date;
}

export interface RegionCollect {
  region: string;
  events: number;
  files: string[];
  error?: string;
  /** Set when maxEventsPerRegion stopped the export early. */
  truncated?: boolean;
}

export interface CollectReport {
  dir: string;
  account: string;
  accountId: string;
  window: { start: string; end: string };
  cloudtrail: RegionCollect[];
  iam: { files: string[] };
  regional: { files: string[] };
  /** What is missing from the folder, and why. */
  notCollected: string[];
}

const stamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/(\d{8}T\d{4})\d{2}Z/, '$1Z');

/** The LookupEvents `Event` for a record, as `aws cloudtrail lookup-events` prints it. */
export function lookupEventOf(r: CloudTrailRecord): Record<string, unknown> {
  const id = r.userIdentity ?? {};
  const session = id.type === 'AssumedRole' ? id.arn?.split('/').slice(2).join('/') : undefined;
  const username = id.userName ?? session ?? (id.type === 'Root' ? 'root' : undefined);
  return {
    EventId: r.eventID,
    EventName: r.eventName,
    ReadOnly: String(r.readOnly ?? false),
    ...(id.accessKeyId ? { AccessKeyId: id.accessKeyId } : {}),
    EventTime: Date.parse(r.eventTime) / 1000,
    EventSource: r.eventSource,
    ...(username ? { Username: username } : {}),
    Resources: (r.resources ?? []).map((x) => ({ ResourceType: x.type, ResourceName: x.ARN })),
    CloudTrailEvent: JSON.stringify(r),
  };
}

/** Streams events into gzip files of `{"Events":[…]}`, rotating every `perFile` events. */
class LookupEventsWriter {
  private gz?: ReturnType<typeof createGzip>;
  private done?: Promise<unknown>;
  private inFile = 0;
  private part = 0;
  readonly files: string[] = [];
  count = 0;

  constructor(
    private readonly dir: string,
    private readonly base: string,
    private readonly perFile: number,
  ) {}

  private async open(): Promise<void> {
    this.part++;
    const name = `${this.base}${this.part > 1 ? `-${this.part}` : ''}.json.gz`;
    const path = join(this.dir, name);
    const gz = createGzip();
    const file = createWriteStream(path);
    gz.pipe(file);
    this.done = once(file, 'close');
    this.gz = gz;
    this.inFile = 0;
    this.files.push(name);
    await this.write('{"Events":[\n');
  }

  private async write(s: string): Promise<void> {
    if (!this.gz!.write(s)) await once(this.gz!, 'drain');
  }

  async add(r: CloudTrailRecord): Promise<void> {
    if (!this.gz || this.inFile >= this.perFile) {
      await this.close();
      await this.open();
    }
    await this.write(`${this.inFile ? ',\n' : ''}${JSON.stringify(lookupEventOf(r))}`);
    this.inFile++;
    this.count++;
  }

  async close(): Promise<void> {
    if (!this.gz) return;
    await this.write('\n]}\n');
    this.gz.end();
    await this.done;
    this.gz = undefined;
  }

  /** An empty region still gets one file, so "no events" is recorded rather than "not collected". */
  async finish(): Promise<void> {
    if (!this.gz && this.files.length === 0) await this.open();
    await this.close();
  }
}

async function collectRegion(o: CollectOptions, region: string): Promise<RegionCollect> {
  const dir = join(o.out, 'cloudtrail', o.account.accountId, region);
  mkdirSync(dir, { recursive: true });
  const w = new LookupEventsWriter(dir, `lookup-events-${stamp(o.start)}-${stamp(o.end)}`, o.eventsPerFile ?? 50_000);
  try {
    let truncated = false;
    for await (const r of o.sources.trail.events(region, { start: o.start, end: o.end }, { signal: o.signal })) {
      await w.add(r);
      if (w.count % 5000 === 0)
        o.progress?.(`${o.account.name} ${region}: ${w.count.toLocaleString('en-US')} events written`);
      if (o.maxEventsPerRegion && w.count >= o.maxEventsPerRegion) {
        truncated = true;
        break;
      }
    }
    await w.finish();
    return { region, events: w.count, files: w.files, ...(truncated ? { truncated } : {}) };
  } catch (err) {
    await w.finish();
    if (err instanceof AwsReadError) return { region, events: w.count, files: w.files, error: err.message };
    throw err;
  }
}

// ───────────── IAM snapshot → aws CLI output shapes ─────────────

const IAM_FILE = IAM_EVIDENCE_FILES;

const inline = (list: { name: string; document: PolicyDocument }[]) =>
  list.map((p) => ({ PolicyName: p.name, PolicyDocument: p.document }));
const attached = (list: { name: string; arn: string }[]) => list.map((p) => ({ PolicyName: p.name, PolicyArn: p.arn }));
const tags = (list: { key: string; value: string }[]) => list.map((t) => ({ Key: t.key, Value: t.value }));
const boundary = (arn: string | null) =>
  arn ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn } } : {};
const opt = <T>(k: string, v: T | null | undefined) => (v === null || v === undefined ? {} : { [k]: v });

export function gaadOf(s: IamSnapshot): Record<string, unknown> {
  return {
    UserDetailList: s.users.map((u) => ({
      Path: u.path,
      UserName: u.name,
      UserId: u.id,
      Arn: u.arn,
      ...opt('CreateDate', u.createDate),
      UserPolicyList: inline(u.inlinePolicies),
      GroupList: u.groups,
      AttachedManagedPolicies: attached(u.attachedPolicies),
      ...boundary(u.permissionsBoundaryArn),
      Tags: tags(u.tags),
    })),
    GroupDetailList: s.groups.map((g) => ({
      Path: g.path,
      GroupName: g.name,
      GroupId: g.id,
      Arn: g.arn,
      ...opt('CreateDate', g.createDate),
      GroupPolicyList: inline(g.inlinePolicies),
      AttachedManagedPolicies: attached(g.attachedPolicies),
    })),
    RoleDetailList: s.roles.map((r) => ({
      Path: r.path,
      RoleName: r.name,
      RoleId: r.id,
      Arn: r.arn,
      ...opt('CreateDate', r.createDate),
      AssumeRolePolicyDocument: r.trustPolicy,
      ...opt('Description', r.description),
      ...opt('MaxSessionDuration', r.maxSessionDuration),
      InstanceProfileList: r.instanceProfiles.map((arn) => ({ Arn: arn })),
      RolePolicyList: inline(r.inlinePolicies),
      AttachedManagedPolicies: attached(r.attachedPolicies),
      ...boundary(r.permissionsBoundaryArn),
      Tags: tags(r.tags),
      RoleLastUsed: { ...opt('LastUsedDate', r.lastUsed.date), ...opt('Region', r.lastUsed.region) },
    })),
    Policies: s.policies.map((p) => ({
      PolicyName: p.name,
      PolicyId: p.id,
      Arn: p.arn,
      Path: p.path,
      DefaultVersionId: p.defaultVersionId,
      AttachmentCount: p.attachmentCount,
      PermissionsBoundaryUsageCount: p.permissionsBoundaryUsageCount,
      IsAttachable: p.isAttachable,
      ...opt('Description', p.description),
      ...opt('CreateDate', p.createDate),
      ...opt('UpdateDate', p.updateDate),
      PolicyVersionList: [{ Document: p.document, VersionId: p.defaultVersionId, IsDefaultVersion: true }],
    })),
  };
}

const CSV_HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

function cell(v: string | null | undefined, absent = 'N/A'): string {
  const s = v ?? absent;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function credentialReportCsv(rows: CredentialReportRow[]): string {
  const line = (r: CredentialReportRow) => {
    const root = r.isRoot;
    const key = (k: CredentialReportRow['accessKeys'][0]) => [
      String(k.active),
      cell(k.lastRotated),
      cell(k.lastUsedDate),
      cell(k.lastUsedRegion),
      cell(k.lastUsedService),
    ];
    return [
      cell(r.user),
      cell(r.arn),
      cell(r.userCreationTime),
      r.passwordEnabled === null ? 'not_supported' : String(r.passwordEnabled),
      cell(r.passwordLastUsedRaw || r.passwordLastUsed),
      root ? 'not_supported' : cell(r.passwordLastChanged),
      root ? 'not_supported' : cell(r.passwordNextRotation),
      String(r.mfaActive),
      ...key(r.accessKeys[0]),
      ...key(r.accessKeys[1]),
      String(r.certs[0].active),
      cell(r.certs[0].lastRotated),
      String(r.certs[1].active),
      cell(r.certs[1].lastRotated),
    ].join(',');
  };
  return `${[CSV_HEADER, ...rows.map(line)].join('\n')}\n`;
}

/** The aws CLI file for each readable snapshot part (a missing part is not written). */
export function iamEvidenceFiles(s: IamSnapshot): { files: Record<string, string>; missing: string[] } {
  const missingParts = new Set(s.warnings.filter((w) => w.missing).map((w) => w.part));
  const files: Record<string, string> = {};
  const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
  const put = (part: IamSnapshotPart, text: () => string) => {
    if (!missingParts.has(part)) files[IAM_FILE[part]] = text();
  };
  put('authorizationDetails', () => json(gaadOf(s)));
  if (s.credentialReport) put('credentialReport', () => credentialReportCsv(s.credentialReport!.rows));
  else missingParts.add('credentialReport');
  if (s.accountSummary) put('accountSummary', () => json({ SummaryMap: s.accountSummary }));
  else missingParts.add('accountSummary');
  put('passwordPolicy', () =>
    json(
      s.passwordPolicy
        ? {
            PasswordPolicy: {
              ...opt('MinimumPasswordLength', s.passwordPolicy.minimumPasswordLength),
              RequireSymbols: s.passwordPolicy.requireSymbols,
              RequireNumbers: s.passwordPolicy.requireNumbers,
              RequireUppercaseCharacters: s.passwordPolicy.requireUppercaseCharacters,
              RequireLowercaseCharacters: s.passwordPolicy.requireLowercaseCharacters,
              AllowUsersToChangePassword: s.passwordPolicy.allowUsersToChangePassword,
              ExpirePasswords: s.passwordPolicy.expirePasswords,
              ...opt('MaxPasswordAge', s.passwordPolicy.maxPasswordAge),
              ...opt('PasswordReusePrevention', s.passwordPolicy.passwordReusePrevention),
              HardExpiry: s.passwordPolicy.hardExpiry,
            },
          }
        : {},
    ),
  );
  put('virtualMfaDevices', () =>
    json({
      VirtualMFADevices: s.virtualMfaDevices.map((d) => ({
        SerialNumber: d.serialNumber,
        ...(d.userArn ? { User: { Arn: d.userArn, ...opt('UserName', d.userName) } } : {}),
        ...opt('EnableDate', d.enableDate),
      })),
    }),
  );
  put('samlProviders', () =>
    json({
      SAMLProviderList: s.samlProviders.map((p) => ({
        Arn: p.arn,
        ...opt('ValidUntil', p.validUntil),
        ...opt('CreateDate', p.createDate),
      })),
    }),
  );
  put('oidcProviders', () =>
    json({
      OpenIDConnectProviderList: s.oidcProviders.map((p) => ({ Arn: p.arn })),
      Providers: Object.fromEntries(
        s.oidcProviders.map((p) => [
          p.arn,
          { Url: p.url, ClientIDList: p.clientIds, ThumbprintList: p.thumbprints, ...opt('CreateDate', p.createDate) },
        ]),
      ),
    }),
  );
  return { files, missing: [...missingParts].map((p) => `iam/${IAM_FILE[p]}`) };
}

// ───────────── EC2 and trail configuration → aws CLI output shapes ─────────────

export function regionalEvidenceFiles(r: RegionSnapshot): Record<string, unknown> {
  const f: Record<string, unknown> = {};
  if (r.securityGroups) f['ec2/describe-security-groups.json'] = { SecurityGroups: r.securityGroups };
  if (r.instances)
    f['ec2/describe-instances.json'] = { Reservations: r.instances.length ? [{ Instances: r.instances }] : [] };
  if (r.volumes) f['ec2/describe-volumes.json'] = { Volumes: r.volumes };
  if (r.vpcs) f['ec2/describe-vpcs.json'] = { Vpcs: r.vpcs };
  if (r.flowLogs) f['ec2/describe-flow-logs.json'] = { FlowLogs: r.flowLogs };
  if (r.ebsEncryptionByDefault !== undefined)
    f['ec2/get-ebs-encryption-by-default.json'] = { EbsEncryptionByDefault: r.ebsEncryptionByDefault };
  if (r.trails) f['cloudtrail-config/describe-trails.json'] = { trailList: r.trails };
  if (r.trailStatus) f['cloudtrail-config/get-trail-status.json'] = { trails: r.trailStatus };
  if (r.eventSelectors) f['cloudtrail-config/get-event-selectors.json'] = { trails: r.eventSelectors };
  return f;
}

// ───────────── Orchestration ─────────────

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
  const [cloudtrail, iamFiles, regionalFiles] = await Promise.all([
    Promise.all(o.regions.map((region) => collectRegion(o, region))),
    (async () => {
      try {
        const snap = await o.sources.iam();
        const { files, missing } = iamEvidenceFiles(snap);
        for (const [name, text] of Object.entries(files)) write(join('iam', name), text);
        for (const w of snap.warnings) if (w.missing) notCollected.push(`iam (${w.api}): ${w.message}`);
        for (const m of missing)
          if (!snap.warnings.some((w) => w.missing && m.endsWith(IAM_FILE[w.part])))
            notCollected.push(`${m}: not returned by the IAM snapshot`);
        return Object.keys(files).map((f) => `iam/${f}`);
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
            const [folder, name] = rel.split('/');
            const path = join(folder!, region, name!);
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
