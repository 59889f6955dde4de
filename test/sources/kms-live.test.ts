/**
 * The live KMS reader at the HTTP level (awsJson1_1 bodies in the shapes of the KMS API reference):
 * DescribeKey for every key, policy and rotation only for customer-managed keys, AccessDenied
 * naming the permission and the keys left unchecked, throttling retried by the SDK.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { resetAwsClients } from '../../src/aws/clients';
import { loadKmsLive } from '../../src/sources/live/kms';
import { TEST_EXTERNAL_ID, testAccount } from '../helpers/context';
import { AWS_KEY, CUSTOMER_KEY, KMS_OK, kmsWire, serveKms } from '../helpers/kms-wire';

const account = testAccount({ accountId: '222222222222', regions: ['us-east-1'] });
const opts = { externalId: TEST_EXTERNAL_ID };

describe('live KMS keys', () => {
  beforeEach(() => resetAwsClients());

  it('describes every key and reads policy and rotation for customer-managed keys only', async () => {
    const seen = serveKms('us-east-1', KMS_OK);
    const r = await loadKmsLive(account, 'us-east-1', opts);
    expect(r.warnings).toEqual([]);
    expect(seen.sort()).toEqual(
      [
        'ListKeys',
        `DescribeKey ${CUSTOMER_KEY}`,
        `DescribeKey ${AWS_KEY}`,
        `GetKeyPolicy ${CUSTOMER_KEY}`,
        `GetKeyRotationStatus ${CUSTOMER_KEY}`,
      ].sort(),
    );
    const [cust, aws] = r.kmsKeys!;
    expect(cust).toMatchObject({
      KeyId: CUSTOMER_KEY,
      KeyManager: 'CUSTOMER',
      KeyState: 'Enabled',
      KeySpec: 'SYMMETRIC_DEFAULT',
      Description: 'trail logs',
      RotationEnabled: false,
    });
    expect(cust!.Policy!.Statement[0]).toMatchObject({
      Action: 'kms:*',
      Principal: { AWS: 'arn:aws:iam::222222222222:root' },
    });
    expect(aws).toMatchObject({ KeyId: AWS_KEY, KeyManager: 'AWS' });
    expect(aws!.Policy).toBeUndefined();
  });

  it('AccessDenied on GetKeyPolicy leaves the policy unread, with a warning naming kms:GetKeyPolicy and the key', async () => {
    serveKms('us-east-1', { ...KMS_OK, GetKeyPolicy: [400, kmsWire('access-denied.json')] });
    const r = await loadKmsLive(account, 'us-east-1', opts);
    expect(r.kmsKeys![0]!.Policy).toBeUndefined();
    expect(r.kmsKeys![0]!.RotationEnabled).toBe(false);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({
      api: 'kms:GetKeyPolicy',
      permission: 'kms:GetKeyPolicy',
      region: 'us-east-1',
    });
    expect(r.warnings[0]!.message).toMatch(
      new RegExp(`Access denied calling kms:GetKeyPolicy.*Not checked for 1 key\\(s\\): ${CUSTOMER_KEY}`),
    );
  });

  it('a throttled ListKeys is retried; one that keeps failing leaves the region unread with a throttling warning', async () => {
    let seen = serveKms('us-east-1', {
      ...KMS_OK,
      ListKeys: (n) => (n === 1 ? [400, kmsWire('throttling.json')] : [200, kmsWire('list-keys.json')]),
    });
    const ok = await loadKmsLive(account, 'us-east-1', opts);
    expect(seen.filter((s) => s === 'ListKeys')).toHaveLength(2);
    expect(ok.kmsKeys).toHaveLength(2);
    resetAwsClients();
    seen = serveKms('eu-west-1', { ListKeys: [400, kmsWire('throttling.json')] });
    const bad = await loadKmsLive({ ...account, regions: ['eu-west-1'] }, 'eu-west-1', opts);
    expect(bad.kmsKeys).toBeUndefined();
    expect(bad.warnings[0]).toMatchObject({ api: 'kms:ListKeys', parts: ['kmsKeys'] });
    expect(bad.warnings[0]!.message).toMatch(/throttled kms:ListKeys/);
  });
});
