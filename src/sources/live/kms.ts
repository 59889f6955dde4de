/**
 * KMS keys, live, per region: ListKeys (paginated, 1,000 a page), then per key DescribeKey, and for
 * customer-managed keys GetKeyPolicy ("default") and — for symmetric keys with KMS key material —
 * GetKeyRotationStatus, KEY_CONCURRENCY keys at a time. Calls ≈ 1 + keys + 2 × customer keys.
 * KMS's shared request quotas (thousands per second per region for these calls) are far above this
 * pace; throttling is retried by the SDK's adaptive mode. A failing call leaves that key's field
 * unread with one warning per API naming the permission and the keys left unchecked.
 */
import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  paginateListKeys,
} from '@aws-sdk/client-kms';
import type { AwsAccount } from '../../aws/accounts';
import { awsClient } from '../../aws/clients';
import { decodePolicyDocument } from '../../iam/policy-document';
import type { KmsKey, SnapshotWarning } from '../../posture/regional';
import { type PartFailure, readPart, REGION_FATAL } from './read-part';

export const KEY_CONCURRENCY = 8;

function summarise(failures: Map<string, { w: SnapshotWarning; keys: string[] }>): SnapshotWarning[] {
  return [...failures.values()].map(({ w, keys }) => ({
    ...w,
    message: `${w.message} Not checked for ${keys.length} key(s): ${keys.slice(0, 10).join(', ')}${keys.length > 10 ? ', …' : ''}.`,
  }));
}

export async function loadKmsLive(
  account: AwsAccount,
  region: string,
  opts: { externalId: string },
): Promise<{ kmsKeys?: KmsKey[]; warnings: SnapshotWarning[]; regionFailed: boolean }> {
  const client = awsClient(KMSClient, account, region, opts);
  const listed = await readPart(account, region, 'kms:ListKeys', ['kmsKeys'], async () => {
    const ids: { KeyId: string; KeyArn?: string }[] = [];
    for await (const p of paginateListKeys({ client, pageSize: 1000 }, {}))
      for (const k of p.Keys ?? []) if (k.KeyId) ids.push({ KeyId: k.KeyId, KeyArn: k.KeyArn });
    return ids;
  });
  if (!('value' in listed)) return { warnings: [listed.warning], regionFailed: REGION_FATAL.includes(listed.kind) };
  const failures = new Map<string, { w: SnapshotWarning; keys: string[] }>();
  const fail = (f: PartFailure, keyId: string) => {
    const e = failures.get(f.warning.api) ?? { w: f.warning, keys: [] };
    e.keys.push(keyId);
    failures.set(f.warning.api, e);
  };
  const keys: KmsKey[] = new Array(listed.value.length);
  let next = 0;
  const worker = async () => {
    while (next < listed.value.length) {
      const i = next++;
      const { KeyId, KeyArn } = listed.value[i]!;
      const k: KmsKey = { KeyId, Arn: KeyArn };
      keys[i] = k;
      const d = await readPart(account, region, 'kms:DescribeKey', ['kmsKeys'], async () => {
        const m = (await client.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata;
        return m;
      });
      if (!('value' in d)) {
        fail(d, KeyId);
        continue;
      }
      const m = d.value;
      Object.assign(k, {
        Arn: m?.Arn ?? KeyArn,
        KeyManager: m?.KeyManager,
        KeyState: m?.KeyState,
        KeySpec: m?.KeySpec,
        KeyUsage: m?.KeyUsage,
        Origin: m?.Origin,
        ...(m?.Description ? { Description: m.Description } : {}),
      });
      if (k.KeyManager !== 'CUSTOMER' || k.KeyState === 'PendingDeletion') continue;
      const [pol, rot] = await Promise.all([
        readPart(account, region, 'kms:GetKeyPolicy', ['kmsKeys'], async () => {
          const o = await client.send(new GetKeyPolicyCommand({ KeyId, PolicyName: 'default' }));
          return o.Policy ? decodePolicyDocument(o.Policy) : null;
        }),
        (k.KeySpec ?? 'SYMMETRIC_DEFAULT') === 'SYMMETRIC_DEFAULT' && (k.Origin ?? 'AWS_KMS') === 'AWS_KMS'
          ? readPart(
              account,
              region,
              'kms:GetKeyRotationStatus',
              ['kmsKeys'],
              async () => (await client.send(new GetKeyRotationStatusCommand({ KeyId }))).KeyRotationEnabled === true,
            )
          : Promise.resolve(undefined),
      ]);
      if ('value' in pol) k.Policy = pol.value;
      else fail(pol, KeyId);
      if (rot && 'value' in rot) k.RotationEnabled = rot.value;
      else if (rot) fail(rot, KeyId);
    }
  };
  await Promise.all(Array.from({ length: Math.min(KEY_CONCURRENCY, listed.value.length) }, worker));
  return { kmsKeys: keys, warnings: summarise(failures), regionFailed: false };
}
