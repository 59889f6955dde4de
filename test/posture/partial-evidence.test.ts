/**
 * A partial evidence folder (a region's security groups and the credential report missing, no
 * Okta): the scan completes as "partial" with warnings naming the API and how to collect it, the
 * rules needing the missing parts are not checked, and a later partial scan resolves nothing.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postureScan, { type PostureScanData } from '../../tools/posture-scan';
import type { DbHandle } from '../../src/db/client';
import { listFindings } from '../../src/db/queries/findings';
import { listScans } from '../../src/db/queries/scans';
import { executeTool } from '../../src/runtime/execute-tool';
import { evidenceContext } from '../helpers/context';
import { openTestDb } from '../helpers/db';

describe('posture_scan on a partial evidence folder', () => {
  let dir: string;
  let db: DbHandle;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'th-partial-'));
    cpSync('evidence/demo', dir, { recursive: true, filter: (src) => !src.includes('/cloudtrail/') });
    rmSync(join(dir, 'ec2/eu-west-1/describe-security-groups.json'));
    rmSync(join(dir, 'iam/credential-report.csv'));
    rmSync(join(dir, 'okta'), { recursive: true });
    db = await openTestDb('pglite');
  });
  afterAll(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is partial, explains what to collect, and does not pass what it could not check', async () => {
    const ctx = await evidenceContext(dir, { db: db.db, now: new Date('2026-11-23T09:00:00Z') });
    const out = await executeTool(ctx, postureScan as never, {});
    if (!out.ok) throw new Error(out.error);
    const data = out.result.data as PostureScanData;
    const a = data.accounts[0]!;
    expect(a.status).toBe('partial');
    const notChecked = a.rulesNotChecked.map((r) => r.id);
    expect(notChecked).toEqual(
      expect.arrayContaining([
        'iam-root-mfa-disabled',
        'iam-console-user-without-mfa',
        'iam-access-key-unused-90d',
        'idp-admin-not-in-idp',
        'idp-user-offboarded',
      ]),
    );
    expect(a.rulesPartial).toEqual(
      expect.arrayContaining([
        'ec2-sg-admin-ports-open-ipv4',
        'ec2-default-sg-has-rules',
        'ec2-instance-public-admin-port',
      ]),
    );
    // What was not read, structured (a partial scan is an incomplete answer, `ask` exits 4).
    expect(out.result.unread).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ account: a.account, region: 'eu-west-1', api: 'ec2:DescribeSecurityGroups' }),
      ]),
    );
    const w = out.result.warnings.join('\n');
    expect(w).toMatch(
      /eu-west-1: ec2:DescribeSecurityGroups: .*aws ec2 describe-security-groups --region eu-west-1.*Not \(fully\) checked: .*ec2-sg-admin-ports-open-ipv4/,
    );
    expect(w).toMatch(/credential/i);
    // no Okta in the folder is "not configured", not a warning
    expect(w).not.toMatch(/okta/i);
    // what it could read still produces findings: the us-east-1 RDP group, the OpenRole trust
    const keys = data.topFindings.map((f) => `${f.rule} ${f.resource}`);
    expect(keys).toContain('iam-role-trust-wildcard arn:aws:iam::123456789012:role/OpenRole');
    expect(out.result.summary).toMatch(/partial/);
    // stored as partial; a second partial scan resolves nothing
    await executeTool(ctx, postureScan as never, {});
    const scans = await listScans(db.db, { account: 'demo-prod' });
    expect(scans.map((s) => s.status)).toEqual(['partial', 'partial']);
    expect(await listFindings(db.db, { status: 'resolved' })).toEqual([]);
  });
});
