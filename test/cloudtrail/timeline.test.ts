/**
 * Threats first, never truncated away: identical tags collapse into one row (count, first/last),
 * every critical and high tag survives the 16 KB budget, omitted rows are counted per severity,
 * min_severity / threats_only work; the "who" is named and what is new for a principal leads;
 * discovery matching the principal's own baseline is not tagged.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../src/cloudtrail/record';
import tool, { RESULT_MAX_BYTES } from '../../tools/cloudtrail-search';
import { evidenceContext } from '../helpers/context';

const ACCOUNT = '123456789012';
const NOW = new Date('2026-11-23T09:00:00Z');
let seq = 0;

function rec(
  eventName: string,
  eventSource: string,
  over: Partial<CloudTrailRecord> & Record<string, unknown> = {},
): CloudTrailRecord {
  seq += 1;
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLE',
      arn: `arn:aws:iam::${ACCOUNT}:user/mallory`,
      accountId: ACCOUNT,
      accessKeyId: 'AKIAI44QH8DHBEXAMPLE',
      userName: 'mallory',
    },
    eventTime: new Date(Date.parse('2026-11-22T10:00:00Z') + seq * 1000).toISOString(),
    eventSource,
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: '185.220.101.34',
    userAgent: 'aws-cli/2.15.0',
    eventID: `ev-${seq}`,
    recipientAccountId: ACCOUNT,
    ...over,
  } as CloudTrailRecord;
}

const share = (name: string, source: string, params: Record<string, unknown>) =>
  rec(name, source, { requestParameters: params });

/** An attack across many techniques, padded with noise that used to crowd the severe rows out. */
function attack(): CloudTrailRecord[] {
  return [
    ...Array.from({ length: 30 }, () =>
      rec('GetPasswordData', 'ec2.amazonaws.com', {
        errorCode: 'Client.UnauthorizedOperation',
        requestParameters: { instanceId: 'i-0123456789abcdef0' },
      }),
    ),
    ...Array.from({ length: 20 }, (_, i) =>
      rec('GetSecretValue', 'secretsmanager.amazonaws.com', { requestParameters: { secretId: `prod/db-${i}` } }),
    ),
    share('ModifyImageAttribute', 'ec2.amazonaws.com', {
      imageId: 'ami-0abcdef1234567890',
      launchPermission: { add: { items: [{ userId: '999999999999' }] } },
      attributeType: 'launchPermission',
    }),
    share('ModifySnapshotAttribute', 'ec2.amazonaws.com', {
      snapshotId: 'snap-0abcdef1234567890',
      createVolumePermission: { add: { items: [{ userId: '999999999999' }] } },
      attributeType: 'CREATE_VOLUME_PERMISSION',
    }),
    share('ModifyDBSnapshotAttribute', 'rds.amazonaws.com', {
      dBSnapshotIdentifier: 'prod-db-snap',
      attributeName: 'restore',
      valuesToAdd: ['999999999999'],
    }),
    rec('LeaveOrganization', 'organizations.amazonaws.com'),
    rec('DeleteFlowLogs', 'ec2.amazonaws.com', { requestParameters: { flowLogIds: ['fl-1'] } }),
    rec('SendSerialConsoleSSHPublicKey', 'ec2-instance-connect.amazonaws.com', {
      requestParameters: { instanceId: 'i-0123456789abcdef0', serialPort: 0 },
    }),
    // Noise: 250 distinct low/medium rows from many principals and addresses.
    ...Array.from({ length: 250 }, (_, i) =>
      rec(['ListUsers', 'ListRoles', 'GetCallerIdentity', 'DescribeInstances', 'ListBuckets'][i % 5]!, '', {
        eventSource: ['iam', 'iam', 'sts', 'ec2', 's3'].map((x) => `${x}.amazonaws.com`)[i % 5],
        sourceIPAddress: `198.51.100.${i % 250}`,
        userIdentity: {
          type: 'IAMUser',
          arn: `arn:aws:iam::${ACCOUNT}:user/u${i % 60}`,
          accountId: ACCOUNT,
          accessKeyId: `AKIA${String(i % 60).padStart(16, '0')}`,
          userName: `u${i % 60}`,
        },
        userAgent: `agent-${i}`,
      }),
    ),
  ];
}

function folder(records: CloudTrailRecord[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'th-tl-'));
  writeFileSync(
    join(dir, 'account.json'),
    JSON.stringify({ accountId: ACCOUNT, name: 'prod', regions: ['us-east-1'], collectedAt: NOW.toISOString() }),
  );
  mkdirSync(join(dir, 'cloudtrail'), { recursive: true });
  writeFileSync(join(dir, 'cloudtrail', 'a.json'), JSON.stringify({ Records: records }));
  return dir;
}

describe('threats first', () => {
  it('keeps every critical and high row, collapses identical tags, and counts what it left out', async () => {
    const ctx = await evidenceContext(folder(attack()), { now: NOW });
    const r = await tool.run(ctx, { last: '7d' });
    const d = r.data as Record<string, any>;
    expect(JSON.stringify({ ...r, activity: undefined }).length).toBeLessThanOrEqual(RESULT_MAX_BYTES);
    const events = d.timeline.map((t: { event: string }) => t.event);
    for (const e of [
      'ModifyImageAttribute',
      'ModifySnapshotAttribute',
      'ModifyDBSnapshotAttribute',
      'LeaveOrganization',
      'DeleteFlowLogs',
      'SendSerialConsoleSSHPublicKey',
    ])
      expect(events).toContain(e);
    // The 30 identical denied GetPasswordData calls take at most one row (collapsed, "Attempted:"),
    // or none when the denied-call burst that covers them is kept instead and the low row counted.
    const pw = d.timeline.filter((t: { event: string }) => t.event === 'GetPasswordData');
    expect(pw.length).toBeLessThanOrEqual(1);
    for (const row of pw) expect(row).toMatchObject({ count: 30, what: expect.stringMatching(/^Attempted:/) });
    const burst = d.timeline.find((t: { kind: string }) => t.kind === 'error-burst');
    expect(burst.count).toBe(30);
    expect(d.omitted.critical).toBe(0);
    expect(d.omitted.high).toBe(0);
    expect(d.omitted.low).toBeGreaterThan(0);
    expect(r.summary).toMatch(/The timeline left out .*low/);
    expect(d.threats.byRule.filter((x: { severity: string }) => x.severity === 'critical').length).toBeGreaterThan(0);
  });

  it('threats_only counts only tagged events; min_severity high keeps the timeline to high and critical', async () => {
    const ctx = await evidenceContext(folder(attack()), { now: NOW });
    const r = await tool.run(ctx, { last: '7d', threats_only: true, min_severity: 'high' });
    const d = r.data as Record<string, any>;
    expect(d.matched).toBeLessThan(30);
    expect(d.matched).toBeGreaterThanOrEqual(6);
    for (const t of d.timeline.filter((x: { kind: string }) => x.kind === 'threat'))
      expect(['high', 'critical']).toContain(t.severity);
    expect(r.summary).toMatch(/threat-tagged \(≥ high\) event/);
  });

  it('rule_ids counts only the events those rules tagged; an unknown rule id is an error, not "no events"', async () => {
    const ctx = await evidenceContext(folder(attack()), { now: NOW });
    const r = await tool.run(ctx, { last: '7d', rule_ids: ['defense-evasion.leave-organization'] });
    const d = r.data as Record<string, any>;
    expect(d.matched).toBe(1);
    expect(d.byEventName).toEqual([{ value: 'LeaveOrganization', count: 1 }]);
    expect(d.query.ruleIds).toEqual(['defense-evasion.leave-organization']);
    expect(r.summary).toMatch(/^1 event tagged defense-evasion\.leave-organization from /);
    await expect(tool.run(ctx, { last: '7d', rule_ids: ['defense-evasion.no-such-rule'] })).rejects.toThrow(
      /Unknown threat rule id\(s\): defense-evasion\.no-such-rule\. Rule ids look like/,
    );
  });

  it('tags carry every tactic of their technique', async () => {
    const ctx = await evidenceContext(folder(attack()), { now: NOW });
    const r = await tool.run(ctx, { last: '7d', event_names: ['LeaveOrganization'] });
    const row = (r.data as any).timeline.find((t: { event: string }) => t.event === 'LeaveOrganization');
    expect(row.tactics.length).toBeGreaterThanOrEqual(1);
  });
});

describe('the who, and what is new for them', () => {
  const DEMO = join(import.meta.dirname, '../../evidence/demo');

  it('"who called StopLogging" names the caller', async () => {
    const ctx = await evidenceContext(DEMO, { now: new Date('2026-11-23T09:00:00Z') });
    const r = await tool.run(ctx, { event_names: ['StopLogging'], last: '7d' });
    const d = r.data as Record<string, any>;
    expect(d.who[0].principal).toMatch(/^arn:aws:iam::123456789012:/);
    expect(d.who[0].accessKeyIds.length).toBe(1);
    expect(r.summary).toMatch(/Who: arn:aws:iam::123456789012:\S+ \(key AKIA/);
  });

  it('the leaked key: the new IP leads, the nightly Terraform listing is baseline, not enumeration', async () => {
    const ctx = await evidenceContext(DEMO, { now: new Date('2026-11-23T09:00:00Z') });
    const r = await tool.run(ctx, { access_key_id: 'AKIAIOSFODNN7EXAMPLE', last: '8d' });
    const d = r.data as Record<string, any>;
    const who = d.who[0];
    expect(who.new).toContainEqual(
      expect.objectContaining({
        dimension: 'sourceIp',
        value: '185.220.101.34',
        firstSeen: '2026-11-20T10:02:13.000Z',
      }),
    );
    expect(r.summary.indexOf('new IP 185.220.101.34 from 2026-11-20 10:02')).toBeGreaterThan(0);
    expect(r.summary.indexOf('new IP')).toBeLessThan(r.summary.indexOf('Top:'));
    // Discovery from the Terraform job's own IP and user agent is not on the timeline.
    const enumFromBaseline = d.timeline.filter(
      (t: { kind: string; tactic?: string; sourceIp?: string }) =>
        t.kind === 'threat' && t.tactic === 'Discovery' && t.sourceIp === '203.0.113.10',
    );
    expect(enumFromBaseline).toEqual([]);
    expect(d.threats.baselineDiscovery).toBeGreaterThan(0);
    // Threat rows from the new IP are marked new.
    const fromNew = d.timeline.find(
      (t: { kind: string; sourceIp?: string }) => t.kind === 'threat' && t.sourceIp === '185.220.101.34',
    );
    expect(fromNew.new).toContain('sourceIp');
  });
});

describe('collapsed rows', () => {
  it('identical denied calls collapse into one row with a count and first/last time', async () => {
    const rs = Array.from({ length: 30 }, () =>
      rec('GetPasswordData', 'ec2.amazonaws.com', {
        errorCode: 'Client.UnauthorizedOperation',
        requestParameters: { instanceId: 'i-0123456789abcdef0' },
      }),
    );
    const r = await tool.run(await evidenceContext(folder(rs), { now: NOW }), { last: '7d' });
    const pw = (r.data as any).timeline.filter((t: { event?: string }) => t.event === 'GetPasswordData');
    expect(pw).toHaveLength(1);
    expect(pw[0]).toMatchObject({ count: 30, kind: 'threat' });
    expect(pw[0].what).toMatch(/^Attempted:/);
    expect(pw[0].last > pw[0].time).toBe(true);
  });
});

describe('calls from a known-bad network', () => {
  const knownBad = (dir: string) => {
    writeFileSync(join(dir, 'known-bad-ips.txt'), '185.220.101.0/24 tor-exit\n');
    return dir;
  };

  it('collapse into one row per principal and address whatever the API, keeping catalog rows visible', async () => {
    const rs = [
      rec('GetCallerIdentity', 'sts.amazonaws.com'),
      rec('ListUsers', 'iam.amazonaws.com'),
      rec('ListRoles', 'iam.amazonaws.com'),
      rec('ListBuckets', 's3.amazonaws.com'),
      rec('CreateUser', 'iam.amazonaws.com', { requestParameters: { userName: 'backup-admin' } }),
    ];
    const r = await tool.run(await evidenceContext(knownBad(folder(rs)), { now: NOW }), { last: '7d' });
    const rows = (r.data as any).timeline.filter((t: { kind: string }) => t.kind === 'threat');
    const bad = rows.filter((t: { what: string }) => /known-bad network/.test(t.what));
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ count: 4, severity: 'high', event: 'GetCallerIdentity +3 more' });
    // The user creation from the Tor exit keeps its own row, at the worse severity of its two tags.
    const created = rows.find((t: { event: string }) => t.event === 'CreateUser');
    expect(created).toMatchObject({
      severity: 'high',
      what: expect.stringMatching(/^IAM user created .*\+1 more tag/),
    });
    const byRule = (r.data as any).threats.byRule.find((x: { rule?: string; title: string }) =>
      /known-bad/.test(x.title),
    );
    expect(byRule).toMatchObject({ count: 5, severity: 'high' });
  });

  it('a denied call from the network keeps its own (medium) row', async () => {
    const rs = [
      rec('ListUsers', 'iam.amazonaws.com'),
      rec('ListSecrets', 'secretsmanager.amazonaws.com', { errorCode: 'AccessDenied' }),
    ];
    const r = await tool.run(await evidenceContext(knownBad(folder(rs)), { now: NOW }), { last: '7d' });
    const bad = (r.data as any).timeline.filter((t: { what: string }) => /known-bad network/.test(t.what));
    expect(bad.map((t: { severity: string }) => t.severity).sort()).toEqual(['high', 'medium']);
  });
});
