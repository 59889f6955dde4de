/**
 * KMS keys from an evidence folder: `kms/<region>/`, each file the JSON output of the AWS CLI call:
 *   list-keys.json                               aws kms list-keys --region R
 *   keys/<key-id>/describe-key.json              aws kms describe-key --key-id ID
 *   keys/<key-id>/get-key-policy.json            aws kms get-key-policy --key-id ID --policy-name default
 *   keys/<key-id>/get-key-rotation-status.json   aws kms get-key-rotation-status --key-id ID
 * A missing list leaves the region's keys unread; a missing per-key file leaves that field unread
 * (rules say "not checked" for the key). Key ids are validated before they become paths.
 */
import { join } from 'node:path';
import { tryDecodePolicyDocument } from '../../iam/policy-document';
import type { KmsKey, RegionSnapshot, SnapshotWarning } from '../../posture/regional';
import { missingEvidenceWarning } from './ec2';
import { readJsonIfExists } from './files';

export const KMS_KEY_ID = /^(mrk-)?[0-9a-fA-F-]{32,40}$|^[A-Za-z0-9-]{1,64}$/;

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

export function loadKmsEvidence(
  dir: string,
  region: string,
): { region: Partial<RegionSnapshot>; warnings: SnapshotWarning[] } {
  const base = join(dir, 'kms', region);
  const listed = readJsonIfExists(join(base, 'list-keys.json'));
  if (listed === undefined)
    return {
      region: {},
      warnings: [
        missingEvidenceWarning(
          dir,
          region,
          'kmsKeys',
          { file: 'list-keys.json', api: 'kms:ListKeys', cli: 'aws kms list-keys' },
          'kms',
        ),
      ],
    };
  const warnings: SnapshotWarning[] = [];
  const missing = new Map<string, string[]>();
  const note = (file: string, id: string) => missing.set(file, [...(missing.get(file) ?? []), id]);
  const keys: KmsKey[] = [];
  for (const e of isObj(listed) && Array.isArray(listed.Keys) ? (listed.Keys as Record<string, unknown>[]) : []) {
    const id = typeof e?.KeyId === 'string' ? e.KeyId : '';
    if (!KMS_KEY_ID.test(id)) continue;
    const k: KmsKey = { KeyId: id, ...(typeof e.KeyArn === 'string' ? { Arn: e.KeyArn } : {}) };
    keys.push(k);
    const kd = join(base, 'keys', id);
    const d = readJsonIfExists(join(kd, 'describe-key.json'));
    if (!isObj(d) || !isObj(d.KeyMetadata)) {
      note('describe-key.json', id);
      continue;
    }
    const m = d.KeyMetadata as Record<string, string>;
    Object.assign(k, {
      Arn: m.Arn ?? k.Arn,
      KeyManager: m.KeyManager,
      KeyState: m.KeyState,
      KeySpec: m.KeySpec ?? m.CustomerMasterKeySpec,
      KeyUsage: m.KeyUsage,
      Origin: m.Origin,
      ...(m.Description ? { Description: m.Description } : {}),
    });
    if (k.KeyManager !== 'CUSTOMER') continue;
    const p = readJsonIfExists(join(kd, 'get-key-policy.json'));
    if (p === undefined) note('get-key-policy.json', id);
    else {
      const doc =
        isObj(p) && p.Policy ? tryDecodePolicyDocument(p.Policy, () => note('get-key-policy.json', id)) : null;
      if (doc || !(isObj(p) && p.Policy)) k.Policy = doc;
    }
    const r = readJsonIfExists(join(kd, 'get-key-rotation-status.json'));
    if (isObj(r) && typeof r.KeyRotationEnabled === 'boolean') k.RotationEnabled = r.KeyRotationEnabled;
    else if ((k.KeySpec ?? 'SYMMETRIC_DEFAULT') === 'SYMMETRIC_DEFAULT' && (k.Origin ?? 'AWS_KMS') === 'AWS_KMS')
      note('get-key-rotation-status.json', id);
  }
  for (const [file, ids] of missing)
    warnings.push({
      api:
        file === 'describe-key.json'
          ? 'kms:DescribeKey'
          : file === 'get-key-policy.json'
            ? 'kms:GetKeyPolicy'
            : 'kms:GetKeyRotationStatus',
      permission:
        file === 'describe-key.json'
          ? 'kms:DescribeKey'
          : file === 'get-key-policy.json'
            ? 'kms:GetKeyPolicy'
            : 'kms:GetKeyRotationStatus',
      region,
      parts: ['kmsKeys'],
      message: `Evidence has no (valid) kms/${region}/keys/<key-id>/${file} for ${ids.length} key(s) (${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''}): not checked for them.`,
    });
  return { region: { kmsKeys: keys }, warnings };
}
