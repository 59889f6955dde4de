/**
 * crowdstrike_correlate end to end over evidence/integrations (Falcon alerts and hosts in the
 * API's own response shapes, CloudTrail as JSON lines), its availability, and its errors.
 */
import { readFileSync } from 'node:fs';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { resetAwsClients } from '../../src/aws/clients';
import { clearFalconClients } from '../../src/sources/falcon';
import { parseConfig } from '../../src/config';
import { AlertCorrelator, indicatorsFrom, userFromFalcon } from '../../src/crowdstrike/correlate';
import type { CloudTrailRecord } from '../../src/cloudtrail/record';
import tool from '../../tools/crowdstrike-correlate';
import { ToolError } from '../../tools/define-tool';
import { allTools } from '../../tools/index';
import { evidenceContext, liveContext } from '../helpers/context';

const DIR = 'evidence/integrations';
const ALERT = 'c0ffee00c0ffee00c0ffee00c0ffee00:ind:5f4d3c2b1a0998877665544332211000:8642034524';
const NOW = new Date('2026-11-23T09:00:00Z');

type Data = {
  overlap: { strength: string; principal: string; accessKeyIds: string[]; minutesFromAlert: number | null }[];
  ipActivity: { ip: string; principalArn: string; events: number }[];
  indicators: { ips: { ip: string; kind: string }[]; users: string[] };
  window: { start: string; end: string };
};

describe('crowdstrike_correlate over evidence/integrations', () => {
  it('links the alert to the user session from the laptop IP, and flags another principal used from it', async () => {
    const ctx = await evidenceContext(DIR, { now: NOW });
    const r = await tool.run(ctx, tool.input.parse({ alert_id: ALERT }));
    const d = r.data as Data;
    expect(d.indicators.ips).toEqual([
      { ip: '203.0.113.50', kind: 'external_ip' },
      { ip: '192.168.1.23', kind: 'local_ip' },
    ]);
    expect(d.indicators.users).toEqual(['jane.doe']);
    expect(d.window).toEqual({ start: '2026-11-19T10:14:07.331Z', end: '2026-11-21T10:14:07.331Z' });
    expect(
      d.overlap.map((o) => [o.strength, o.principal.split('/').pop(), o.accessKeyIds, o.minutesFromAlert]),
    ).toEqual([
      ['user-and-ip', 'AWSReservedSSO_PowerUserAccess_7d3f1a2b3c4d5e6f', ['ASIAJANEDOESSO000001'], -12],
      ['ip-only', 'ci-deployer', ['AKIACIDEPLOYER000001'], 11],
      ['user-only', 'AWSReservedSSO_PowerUserAccess_7d3f1a2b3c4d5e6f', ['ASIAJANEDOESSO000002'], null],
    ]);
    // near misses: the neighbouring IP 203.0.113.51 and the same IP two days later are not related
    expect(JSON.stringify(d)).not.toContain('marketing-uploader');
    expect(d.ipActivity.reduce((n, a) => n + a.events, 0)).toBe(6);
    expect(r.summary).toMatch(/1 user-and-ip, 1 ip-only, 1 user-only related AWS session/);
    expect(r.summary).toContain('check for theft');
    expect(r.next).toContain(
      'What did AKIACIDEPLOYER000001 do? cloudtrail_search access_key_id="AKIACIDEPLOYER000001"',
    );
    expect(r.warnings.join(' ')).toMatch(/VPC endpoints/);
  });

  it('by host name only, over the last 7 days, includes the later call from the same IP', async () => {
    const ctx = await evidenceContext(DIR, { now: NOW });
    const r = await tool.run(ctx, tool.input.parse({ host: 'lt-jdoe-01' }));
    const d = r.data as Data;
    const ci = d.ipActivity.find((a) => a.principalArn.endsWith('user/ci-deployer'))!;
    expect(ci.events).toBe(4);
    expect(d.overlap[0]!.minutesFromAlert).toBeNull();
  });

  it('an alert on another host finds nothing and says what it searched', async () => {
    const ctx = await evidenceContext(DIR, { now: NOW });
    const r = await tool.run(
      ctx,
      tool.input.parse({
        alert_id: 'c0ffee00c0ffee00c0ffee00c0ffee00:ind:8e7d6c5b4a3928170615f4e3d2c1b0a9:9120331187',
      }),
    );
    expect((r.data as Data).indicators.users).toEqual(['bsmith']);
    expect((r.data as Data).overlap).toEqual([]);
    expect(r.summary).toMatch(/no AWS activity from 198\.51\.100\.77, 10\.20\.4\.17 and no AWS sessions of bsmith/);
  });

  it('an unknown alert id is an actionable error, not an empty answer', async () => {
    const ctx = await evidenceContext(DIR, { now: NOW });
    await expect(tool.run(ctx, tool.input.parse({ alert_id: 'nope:ind:0000' }))).rejects.toThrow(ToolError);
    await expect(tool.run(ctx, tool.input.parse({ host: 'LT-NOBODY' }))).rejects.toThrow(/No CrowdStrike host/);
  });

  it('needs alert_id or host', () => {
    expect(tool.input.safeParse({}).success).toBe(false);
  });
});

describe('crowdstrike_correlate availability', () => {
  const offered = (ctx: Awaited<ReturnType<typeof evidenceContext>>) =>
    allTools({
      remediation: false,
      env: { config: ctx.config, evidenceDir: ctx.sources.evidenceDir, sources: ctx.sources },
    }).map((t) => t.name);

  it('is offered over evidence with crowdstrike/ files, not over evidence/demo', async () => {
    expect(offered(await evidenceContext(DIR))).toContain('crowdstrike_correlate');
    expect(offered(await evidenceContext('evidence/demo'))).not.toContain('crowdstrike_correlate');
  });

  it('is offered live only with FALCON_CLIENT_ID and FALCON_CLIENT_SECRET', () => {
    expect(offered(liveContext())).not.toContain('crowdstrike_correlate');
    expect(offered(liveContext({ env: { FALCON_CLIENT_ID: 'id', FALCON_CLIENT_SECRET: 'secret' } }))).toContain(
      'crowdstrike_correlate',
    );
  });

  it('half the credentials is a configuration error naming the missing variable', () => {
    expect(() => parseConfig({ FALCON_CLIENT_ID: 'id' })).toThrow(/missing FALCON_CLIENT_SECRET/);
  });

  it('run without configuration names the variables to set', async () => {
    const ctx = liveContext();
    await expect(tool.run(ctx, tool.input.parse({ alert_id: ALERT }))).rejects.toThrow(
      /FALCON_CLIENT_ID and FALCON_CLIENT_SECRET/,
    );
  });

  it('a wrong cloud name is a ToolError naming FALCON_BASE_URL (the CLI prints it as {"error": …})', async () => {
    const ctx = liveContext({
      env: { FALCON_CLIENT_ID: 'id', FALCON_CLIENT_SECRET: 'secret', FALCON_BASE_URL: 'mars-1' },
    });
    const err = await tool.run(ctx, tool.input.parse({ alert_id: ALERT })).catch((e) => e);
    expect(err).toBeInstanceOf(ToolError);
    expect(err.message).toMatch(/FALCON_BASE_URL "mars-1" is neither a cloud region/);
  });
});

describe('correlation (pure)', () => {
  const rec = (ip: string, arn: string, t: string): CloudTrailRecord => ({
    eventTime: t,
    eventSource: 's3.amazonaws.com',
    eventName: 'ListBuckets',
    awsRegion: 'us-east-1',
    sourceIPAddress: ip,
    eventID: `${ip}-${t}`,
    userIdentity: { type: 'IAMUser', arn, userName: arn.split('/').pop(), accessKeyId: 'AKIAEXAMPLE000000001' },
  });

  it('matches the host IP exactly (a neighbour address is a near miss)', () => {
    const ind = indicatorsFrom([], [{ device_id: 'x', external_ip: '203.0.113.50' }], {});
    const c = new AlertCorrelator(ind, { name: 'a', accountId: '1' });
    c.add(rec('203.0.113.50', 'arn:aws:iam::1:user/svc', '2026-11-20T10:00:00Z'));
    c.add(rec('203.0.113.51', 'arn:aws:iam::1:user/other', '2026-11-20T10:00:00Z'));
    const r = c.result();
    expect(r.ipActivity.map((a) => a.principalArn)).toEqual(['arn:aws:iam::1:user/svc']);
    expect(r.overlap.map((o) => o.strength)).toEqual(['ip-only']);
  });

  it('reads user names the way Falcon writes them', () => {
    expect(userFromFalcon('CORP\\bsmith')).toBe('bsmith');
    expect(userFromFalcon('jane.doe@example.com')).toBe('jane.doe@example.com');
    expect(userFromFalcon('SYSTEM')).toBeUndefined();
    expect(userFromFalcon('WS-01$')).toBeUndefined();
  });
});

describe('crowdstrike_correlate live (Falcon API and LookupEvents over HTTP)', () => {
  it('reads the alert and host from Falcon, pushes down the user, scans for the IP, and links them', async () => {
    resetAwsClients();
    clearFalconClients();
    const wire = (n: string) => readFileSync(`test/fixtures/wire/crowdstrike/${n}`, 'utf8');
    const JSONH = { 'content-type': 'application/json' };
    const falcon = nock('https://api.eu-1.crowdstrike.com')
      .post('/oauth2/token')
      .reply(201, wire('oauth2-token.json'), JSONH)
      .get('/alerts/queries/alerts/v2')
      .query(true)
      .reply(200, wire('alerts-query.json'), JSONH)
      .post('/alerts/entities/alerts/v2')
      .reply(200, wire('alerts-entities.json'), JSONH)
      .get('/devices/entities/devices/v2')
      .query({ ids: '5f4d3c2b1a0998877665544332211000' })
      .reply(200, wire('devices-entities.json'), JSONH);
    const records = readFileSync(
      `${DIR}/cloudtrail/210987654321/us-east-1/cloudtrail-export_us-east-1_20261119-20261122.jsonl`,
      'utf8',
    )
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as CloudTrailRecord);
    const asEvent = (r: CloudTrailRecord) => ({
      EventId: r.eventID,
      EventName: r.eventName,
      ReadOnly: String(r.readOnly ?? false),
      EventTime: Date.parse(r.eventTime) / 1000,
      EventSource: r.eventSource,
      Username: r.userIdentity?.userName ?? '',
      Resources: [],
      CloudTrailEvent: JSON.stringify(r),
    });
    const asked: string[] = [];
    const ct = nock('https://cloudtrail.us-east-1.amazonaws.com')
      .post('/')
      .times(8)
      .reply((_uri, body) => {
        const b = (typeof body === 'string' ? JSON.parse(body) : body) as {
          LookupAttributes?: { AttributeKey: string; AttributeValue: string }[];
          StartTime: number;
          EndTime: number;
        };
        const a = b.LookupAttributes?.[0];
        asked.push(a ? `${a.AttributeKey}=${a.AttributeValue}` : 'all');
        const inWindow = records.filter((r) => {
          const t = Date.parse(r.eventTime) / 1000;
          return t >= b.StartTime && t <= b.EndTime;
        });
        // The pushed-down lookups (jane.doe, federation events) match nothing here: the unfiltered
        // pass is what finds the host IP, and the person's session names come from it.
        const events = a ? [] : inWindow;
        return [200, JSON.stringify({ Events: events.map(asEvent) }), { 'Content-Type': 'application/x-amz-json-1.1' }];
      });
    const ctx = liveContext({
      accounts: [
        {
          name: 'integrations-demo',
          accountId: '210987654321',
          roleArn: null,
          regions: ['us-east-1'],
          remediationRoleArn: null,
        },
      ],
      env: { FALCON_CLIENT_ID: 'id', FALCON_CLIENT_SECRET: 'secret', FALCON_BASE_URL: 'EU-1' },
      now: NOW,
    });
    const r = await tool.run(ctx, tool.input.parse({ alert_id: ALERT }));
    expect(falcon.isDone()).toBe(true);
    expect(asked).toHaveLength(8); // Username=jane.doe, 6 federation events, and the unfiltered IP pass
    expect(asked).toContain('all');
    expect(asked).toContain('Username=jane.doe');
    expect(asked).toContain('EventName=AssumeRoleWithSAML');
    const d = r.data as Data;
    expect(d.overlap.map((o) => [o.strength, o.accessKeyIds])).toEqual([
      ['user-and-ip', ['ASIAJANEDOESSO000001']],
      ['ip-only', ['AKIACIDEPLOYER000001']],
      ['user-only', ['ASIAJANEDOESSO000002']],
    ]);
    expect(r.sources.find((s) => s.api === 'crowdstrike:alerts+hosts')).toMatchObject({ calls: 4 });
    expect(ct.isDone()).toBe(true);
    nock.cleanAll();
  });
});
