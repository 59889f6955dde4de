/**
 * map_identity and crowdstrike_correlate read an evidence folder in one pass: records in regions
 * they were not asked to read are named in the answer, never dropped silently.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import mapIdentity from '../../tools/map-identity';
import { evidenceContext } from '../helpers/context';

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'th-pass-'));
  writeFileSync(
    join(dir, 'account.json'),
    JSON.stringify({
      accountId: '123456789012',
      name: 'p',
      regions: ['us-east-1', 'ap-south-1'],
      collectedAt: '2026-11-23T09:00:00Z',
    }),
  );
  mkdirSync(join(dir, 'cloudtrail'));
  const rec = (region: string, id: string) => ({
    eventVersion: '1.08',
    userIdentity: {
      type: 'IAMUser',
      arn: 'arn:aws:iam::123456789012:user/jdoe',
      accountId: '123456789012',
      userName: 'jdoe',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    },
    eventTime: '2026-11-22T10:00:00Z',
    eventSource: 'cloudtrail.amazonaws.com',
    eventName: 'StopLogging',
    awsRegion: region,
    sourceIPAddress: '198.51.100.7',
    userAgent: 'aws-cli/2.15.30',
    eventID: id,
    recipientAccountId: '123456789012',
  });
  writeFileSync(
    join(dir, 'cloudtrail', 'records.json'),
    JSON.stringify({ Records: [rec('us-east-1', 'e1'), rec('ap-south-1', 'e2'), rec('ap-south-1', 'e3')] }),
  );
  return dir;
}

describe('one evidence pass for whole-window tools', () => {
  it('names the records of regions it was not asked to read', async () => {
    const ctx = await evidenceContext(folder());
    const out = await mapIdentity.run(
      ctx,
      mapIdentity.input.parse({ identity: 'jdoe', regions: ['us-east-1'], last: '7d' }),
    );
    expect(out.warnings.join('\n')).toMatch(/2 record\(s\) in ap-south-1 were not searched/);
  });

  it('reads every region when none is asked for, without such a warning', async () => {
    const ctx = await evidenceContext(folder());
    const out = await mapIdentity.run(ctx, mapIdentity.input.parse({ identity: 'jdoe', last: '7d' }));
    expect(out.warnings.join('\n')).not.toMatch(/were not searched/);
    expect(JSON.stringify(out.sources)).toMatch(/3 events read/);
  });
});
