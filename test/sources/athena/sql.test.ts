/** The Athena search SQL (pure): every value checked against its shape and quoted; partitions pruned. */
import { describe, expect, it } from 'vitest';
import { createTableSql } from '../../../src/sources/athena/ddl';
import { AthenaQueryError, buildSearchSql, daysOf } from '../../../src/sources/athena/sql';

const base = {
  database: 'security',
  table: 'cloudtrail_org',
  accountIds: ['222222222222'],
  regions: ['us-east-1', 'eu-west-1'],
  start: new Date('2025-03-13T22:00:00Z'),
  end: new Date('2025-03-14T13:00:00Z'),
  filter: {},
  limit: 1000,
};

describe('buildSearchSql', () => {
  it('prunes by account, region and each day, and bounds eventtime exactly', () => {
    const sql = buildSearchSql(base);
    expect(sql).toContain(`FROM "security"."cloudtrail_org"`);
    expect(sql).toContain(`account IN ('222222222222')`);
    expect(sql).toContain(`region IN ('us-east-1', 'eu-west-1')`);
    expect(sql).toContain(`"timestamp" IN ('2025/03/13', '2025/03/14')`);
    expect(sql).toContain(`eventtime >= '2025-03-13T22:00:00Z'`);
    expect(sql).toContain(`eventtime <= '2025-03-14T13:00:00Z'`);
    expect(sql).toMatch(/LIMIT 1000$/);
  });

  it('a window of a year uses a BETWEEN on the day partition', () => {
    const sql = buildSearchSql({
      ...base,
      start: new Date('2024-01-01T00:00:00Z'),
      end: new Date('2024-12-31T00:00:00Z'),
    });
    expect(sql).toContain(`"timestamp" BETWEEN '2024/01/01' AND '2024/12/31'`);
    expect(daysOf(new Date('2024-01-01T00:00:00Z'), new Date('2024-12-31T23:00:00Z'))).toHaveLength(366);
  });

  it('pushes every filter down', () => {
    const sql = buildSearchSql({
      ...base,
      filter: {
        accessKeyId: 'AKIAI44QH8DHBEXAMPLE',
        userName: 'bob',
        principalArn: 'arn:aws:iam::222222222222:role/OktaAdmin',
        eventNames: ['StopLogging', 'DeleteTrail'],
        eventSource: 'cloudtrail.amazonaws.com',
        sourceIp: '198.51.100.0/24',
        errorCode: 'AccessDenied',
        userAgentContains: "O'Brien-tool",
        readOnly: false,
      },
    });
    expect(sql).toContain(`useridentity.accesskeyid = 'AKIAI44QH8DHBEXAMPLE'`);
    // Case-insensitive like the client-side filter, and the session name found in the caller ARN.
    expect(sql).toContain(
      `(lower(useridentity.username) = 'bob' OR lower(useridentity.sessioncontext.sessionissuer.username) = 'bob' OR strpos(lower(useridentity.arn), '/bob') > 0)`,
    );
    expect(sql).toContain(`useridentity.sessioncontext.sessionissuer.arn = 'arn:aws:iam::222222222222:role/OktaAdmin'`);
    expect(sql).toContain(`eventname IN ('StopLogging', 'DeleteTrail')`);
    expect(sql).toContain(`eventsource = 'cloudtrail.amazonaws.com'`);
    expect(sql).toContain(`contains('198.51.100.0/24', TRY_CAST(sourceipaddress AS IPADDRESS))`);
    expect(sql).toContain(`lower(errorcode) = 'accessdenied'`);
    expect(sql).toContain(`strpos(lower(useragent), 'o''brien-tool') > 0`);
    expect(sql).toContain(`(readonly IS NULL OR lower(CAST(readonly AS VARCHAR)) <> 'true')`);
  });

  it('pushes the other filters too: session, resource, event id, any error, read-only, one IPv6 address', () => {
    const sql = buildSearchSql({
      ...base,
      filter: {
        roleSessionName: 'Jane.Doe@example.com',
        resourceName: 'arn:aws:s3:::amzn-s3-demo-bucket',
        eventId: '3038ebd2-c98a-4c65-9b6e-e22506292313',
        errorCode: 'any',
        readOnly: true,
        sourceIp: '2001:db8::1',
        userName: 'root',
      },
    });
    expect(sql).toContain(`strpos(lower(useridentity.arn), '/jane.doe@example.com') > 0`);
    expect(sql).toContain(`any_match(resources, x -> strpos(x.arn, 'arn:aws:s3:::amzn-s3-demo-bucket') > 0)`);
    expect(sql).toContain(`eventid = '3038ebd2-c98a-4c65-9b6e-e22506292313'`);
    expect(sql).toContain('errorcode IS NOT NULL');
    expect(sql).toContain(`lower(CAST(readonly AS VARCHAR)) = 'true'`);
    expect(sql).toContain(`contains('2001:db8::1/128', TRY_CAST(sourceipaddress AS IPADDRESS))`);
    expect(sql).toContain(`useridentity.type = 'Root'`);
  });

  it.each([
    ['accessKeyId', { accessKeyId: "AKIA' OR '1'='1" }],
    ['eventName', { eventNames: ["x' OR 1=1 --"] }],
    ['principalArn', { principalArn: "arn:aws:iam::222222222222:role/x' --" }],
    ['sourceIp', { sourceIp: "1.2.3.4' OR 'a'='a" }],
    ['cidr', { sourceIp: '10.0.0.0/33' }],
    ['userName', { userName: "bob'--" }],
    ['eventSource', { eventSource: 'evil.example.com' }],
  ])('refuses a %s that does not have its shape', (_k, filter) => {
    expect(() => buildSearchSql({ ...base, filter })).toThrow(AthenaQueryError);
  });

  it('refuses bad identifiers, accounts and regions', () => {
    expect(() => buildSearchSql({ ...base, table: 'x"; DROP TABLE y; --' })).toThrow(AthenaQueryError);
    expect(() => buildSearchSql({ ...base, accountIds: ["2222' OR '1'='1"] })).toThrow(AthenaQueryError);
    expect(() => buildSearchSql({ ...base, regions: ['us-east-1; --'] })).toThrow(AthenaQueryError);
    expect(() => buildSearchSql({ ...base, filter: { userAgentContains: 'a\nb' } })).toThrow(AthenaQueryError);
  });
});

describe('createTableSql', () => {
  const setup = {
    bucket: 'org-trail-logs',
    prefix: 'cloudtrail',
    organizationId: 'o-exampleorgid',
    database: 'security',
    table: 'cloudtrail_org',
    accountIds: ['111111111111', '222222222222'],
    regions: ['us-east-1', 'eu-west-1'],
    since: '2023/01/01',
  };
  it('projects account, region and day over the organization prefix, as AWS documents', () => {
    const sql = createTableSql(setup);
    expect(sql).toContain('CREATE EXTERNAL TABLE IF NOT EXISTS `security`.`cloudtrail_org`(');
    expect(sql).toContain("STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'");
    expect(sql).toContain("LOCATION\n  's3://org-trail-logs/cloudtrail/AWSLogs/o-exampleorgid/'");
    expect(sql).toContain("'projection.account.values'='111111111111,222222222222'");
    expect(sql).toContain("'projection.region.values'='us-east-1,eu-west-1'");
    expect(sql).toContain("'projection.timestamp.range'='2023/01/01,NOW'");
    expect(sql).toContain(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Athena partition projection syntax, not a JS template
      "'storage.location.template'='s3://org-trail-logs/cloudtrail/AWSLogs/o-exampleorgid/${account}/CloudTrail/${region}/${timestamp}'",
    );
  });
  it('refuses values that would break out of the statement', () => {
    expect(() => createTableSql({ ...setup, bucket: "b'x" })).toThrow(AthenaQueryError);
    expect(() => createTableSql({ ...setup, organizationId: "o-x'" })).toThrow(AthenaQueryError);
    expect(() => createTableSql({ ...setup, prefix: "a'/" })).toThrow(AthenaQueryError);
    expect(() => createTableSql({ ...setup, accountIds: [] })).toThrow(/accounts discover/);
  });
});
