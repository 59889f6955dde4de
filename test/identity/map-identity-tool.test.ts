/**
 * map_identity end to end: on the bundled evidence, and live against LookupEvents at the HTTP
 * level (the push-down plan: Username = the identity, EventName = federation events).
 */
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetAwsClients } from '../../src/aws/clients';
import { emptySnapshot, type IamSource } from '../../src/iam/snapshot';
import { LiveTrailSource } from '../../src/sources/live/cloudtrail';
import tool, { lookupPlan } from '../../tools/map-identity';
import { parseIdentity } from '../../src/identity/map-identity';
import { evidenceContext, liveContext, TEST_EXTERNAL_ID, testAccount } from '../helpers/context';
import { DEMO_DIR, demoEvents } from '../cloudtrail/threats/demo-records';

describe('map_identity on evidence/demo', () => {
  it('maps jane.doe@example.com to her Identity Center session and offers the pivot', async () => {
    const ctx = await evidenceContext(DEMO_DIR, { now: new Date('2026-11-23T09:00:00Z') });
    const r = await tool.run(ctx, tool.input.parse({ identity: 'jane.doe@example.com' }));
    const data = r.data as {
      sessions: { kind: string; accessKeyCount: number }[];
      pivots: { sessionNames: string[]; accessKeyIds: string[] };
      identityCenterUsers: unknown[];
    };
    expect(data.sessions).toHaveLength(1);
    expect(data.sessions[0]!.kind).toBe('identity-center');
    expect(data.pivots.sessionNames).toEqual(['jane.doe@example.com']);
    expect(data.pivots.accessKeyIds).toContain('ASIA2LXT6ZCFXZRKXMSY');
    expect(data.identityCenterUsers).toHaveLength(1);
    expect(r.summary).toMatch(/^jane\.doe@example\.com maps to 1 session \(1 identity-center\)/);
    expect(r.summary).toContain('AWSReservedSSO_AdministratorAccess_abc123/jane.doe@example.com in demo-prod');
    expect(r.next![0]).toBe('What did these sessions do? cloudtrail_search user_name="jane.doe@example.com"');
    expect(r.sources[0]).toMatchObject({ account: 'demo-prod', api: 'evidence:cloudtrail' });
    expect(JSON.stringify(r).length).toBeLessThan(16_000);
  });

  it('finds IAM users named after the person in the IAM snapshot too', async () => {
    const ctx = await evidenceContext(DEMO_DIR, { now: new Date('2026-11-23T09:00:00Z') });
    const r = await tool.run(ctx, tool.input.parse({ identity: 'alice@example.com' }));
    const data = r.data as { iamUsers: { userName: string; strength: string }[] };
    expect(data.iamUsers.map((u) => [u.userName, u.strength])).toEqual([['alice@example.com', 'exact']]);
    expect(r.summary).toContain('1 IAM user (alice@example.com)');
  });

  it("says whether the IAM user's keys are active, from the credential report (who owns a key, is it live)", async () => {
    const ctx = await evidenceContext(DEMO_DIR, { now: new Date('2026-11-23T09:00:00Z') });
    const r = await tool.run(ctx, tool.input.parse({ identity: 'ci-legacy' }));
    expect(r.summary).toContain(
      'IAM user ci-legacy: 2 active access keys (key 1 active, rotated 2024-02-07, last used 2026-11-23; key 2 active, rotated 2025-06-03, last used 2025-08-19), no console password, no MFA (credential report).',
    );
    const u = (r.data as { iamUsers: { accessKeys: unknown[] }[] }).iamUsers[0]!;
    expect(u.accessKeys).toEqual([
      expect.objectContaining({ slot: 1, active: true, lastRotated: expect.stringMatching(/^2024-02-07/) }),
      expect.objectContaining({ slot: 2, active: true, lastRotated: expect.stringMatching(/^2025-06-03/) }),
    ]);
  });

  it('rejects markup as an identity with an actionable error', async () => {
    const ctx = await evidenceContext(DEMO_DIR);
    await expect(tool.run(ctx, tool.input.parse({ identity: '<!channel> hi' }))).rejects.toThrow(
      /not an email or user name/,
    );
  });
});

describe('map_identity live (LookupEvents over HTTP)', () => {
  beforeEach(() => resetAwsClients());
  afterEach(() => nock.cleanAll());

  it('pushes down the person and the federation events, and reads nothing else', async () => {
    const demo = await demoEvents();
    const saml = demo.find((e) => e.eventName === 'AssumeRoleWithSAML')!.record;
    const call = demo.find((e) => e.callerArn?.endsWith('/jane.doe@example.com'))!.record;
    const asEvent = (r: typeof saml) => ({
      EventId: r.eventID,
      EventName: r.eventName,
      ReadOnly: String(r.readOnly ?? false),
      EventTime: Date.parse(r.eventTime) / 1000,
      EventSource: r.eventSource,
      Username: 'jane.doe@example.com',
      Resources: [],
      CloudTrailEvent: JSON.stringify(r),
    });
    const asked: string[] = [];
    nock('https://cloudtrail.us-east-1.amazonaws.com')
      .post('/')
      .times(9)
      .reply((_uri, body) => {
        const b = (typeof body === 'string' ? JSON.parse(body) : body) as {
          LookupAttributes?: { AttributeKey: string; AttributeValue: string }[];
        };
        const a = b.LookupAttributes?.[0];
        asked.push(`${a?.AttributeKey}=${a?.AttributeValue}`);
        const events =
          a?.AttributeKey === 'Username' && a.AttributeValue === 'jane.doe@example.com'
            ? [asEvent(saml), asEvent(call)]
            : a?.AttributeKey === 'EventName' && a.AttributeValue === 'AssumeRoleWithSAML'
              ? [asEvent(saml)] // the same event again: deduplicated by event id
              : [];
        return [200, JSON.stringify({ Events: events }), { 'Content-Type': 'application/x-amz-json-1.1' }];
      });
    const iam: IamSource = {
      kind: 'live',
      accountId: '123456789012',
      snapshot: async () => emptySnapshot('123456789012', '2026-11-23T09:00:00Z', 'live'),
    };
    const ctx = liveContext({
      now: new Date('2026-11-23T09:00:00Z'),
      sources: {
        trail: (a) => new LiveTrailSource(a, { externalId: TEST_EXTERNAL_ID, perSecond: 1000 }),
        iam: () => iam,
      },
    });
    const r = await tool.run(ctx, tool.input.parse({ identity: 'Jane.Doe@example.com', last: '30d' }));
    expect(asked).toEqual([
      'Username=Jane.Doe@example.com',
      'Username=jane.doe@example.com',
      'Username=jane.doe',
      'EventName=AssumeRoleWithSAML',
      'EventName=AssumeRoleWithWebIdentity',
      'EventName=ConsoleLogin',
      'EventName=Federate',
      'EventName=GetRoleCredentials',
      'EventName=CreateToken',
    ]);
    const data = r.data as { sessions: { events: number; accessKeyIds: { value: string }[] }[] };
    expect(data.sessions).toHaveLength(1);
    expect(data.sessions[0]!.events).toBe(2);
    expect(data.sessions[0]!.accessKeyIds.map((k) => k.value)).toContain('ASIAG7AZCW2M4GNFMTIG');
    expect(r.sources).toEqual([
      expect.objectContaining({ account: 'prod', region: 'us-east-1', api: 'cloudtrail:LookupEvents', calls: 9 }),
    ]);
    expect(testAccount().regions).toEqual(['us-east-1']);
  });

  it('the plan for a bare user name has no local-part lookup', () => {
    expect(lookupPlan(parseIdentity('jdoe')).filter((p) => p.key === 'Username')).toEqual([
      { key: 'Username', value: 'jdoe' },
    ]);
  });
});

describe('map_identity result size', () => {
  it('stays bounded with hundreds of sessions and keys', async () => {
    const demo = await demoEvents();
    const base = demo.find((e) => e.callerArn?.endsWith('/jane.doe@example.com'))!.record;
    const records = Array.from({ length: 3000 }, (_, i) => {
      const r = structuredClone(base);
      r.eventID = `gen-${i}`;
      const role = `Role${i % 300}`;
      r.userIdentity = {
        ...r.userIdentity!,
        arn: `arn:aws:sts::123456789012:assumed-role/${role}/jane.doe@example.com`,
        accessKeyId: `ASIA${String(i).padStart(16, '0')}`,
        sessionContext: {
          ...r.userIdentity!.sessionContext,
          sessionIssuer: { type: 'Role', arn: `arn:aws:iam::123456789012:role/${role}` },
        },
      };
      r.sourceIPAddress = `198.51.100.${i % 250}`;
      return r;
    });
    const ctx = await evidenceContext(DEMO_DIR, { now: new Date('2026-11-23T09:00:00Z') });
    ctx.sources = {
      ...ctx.sources,
      trail: (account) => ({
        kind: 'evidence',
        account,
        async *events() {
          yield* records;
        },
      }),
      iam: () => ({
        kind: 'evidence',
        accountId: '123456789012',
        snapshot: async () => emptySnapshot('123456789012', '2026-11-23T09:00:00Z', 'evidence'),
      }),
    };
    const r = await tool.run(ctx, tool.input.parse({ identity: 'jane.doe@example.com' }));
    const data = r.data as { sessionCount: number; sessions: unknown[] };
    expect(data.sessionCount).toBe(300);
    expect(data.sessions.length).toBeLessThanOrEqual(25);
    expect(JSON.stringify(r.data).length).toBeLessThanOrEqual(14_000);
    expect(JSON.stringify(r).length).toBeLessThan(16_000);
    expect(r.warnings.some((w) => /sessions/.test(w))).toBe(true);
  });
});
