/** KMS helpers (pure): the customer-managed keys rules judge, and keys whose fields could not be read. */
import type { KmsKey } from '../regional';
import type { AccountSnapshot } from '../snapshot';
import { regionsWith } from '../snapshot';

/** Customer-managed keys not pending deletion, with their region. */
export function customerKeys(s: AccountSnapshot): { region: string; key: KmsKey }[] {
  return regionsWith(s, 'kmsKeys').flatMap(([region, keys]) =>
    keys
      .filter(
        (k) =>
          k.KeyManager === 'CUSTOMER' && k.KeyState !== 'PendingDeletion' && k.KeyState !== 'PendingReplicaDeletion',
      )
      .map((key) => ({ region, key })),
  );
}

export const keyArn = (s: AccountSnapshot, region: string, k: KmsKey) =>
  k.Arn ?? `arn:aws:kms:${region}:${s.account.accountId}:key/${k.KeyId}`;

/** Symmetric encryption keys with key material in KMS: the only ones automatic rotation applies to. */
export function rotatable(k: KmsKey): boolean {
  return (
    (k.KeySpec ?? 'SYMMETRIC_DEFAULT') === 'SYMMETRIC_DEFAULT' &&
    (k.Origin ?? 'AWS_KMS') === 'AWS_KMS' &&
    (k.KeyUsage ?? 'ENCRYPT_DECRYPT') === 'ENCRYPT_DECRYPT'
  );
}

/**
 * Customer-managed keys whose policy could be read, and the keys whose policy could not (named as
 * "not checked" by the key-policy rules, never read as "no finding").
 */
export function keysWithPolicy(s: AccountSnapshot): {
  keys: { region: string; key: KmsKey & { Policy: NonNullable<KmsKey['Policy']> } }[];
  unchecked: string[];
} {
  const keys: { region: string; key: KmsKey & { Policy: NonNullable<KmsKey['Policy']> } }[] = [];
  const unchecked: string[] = [];
  for (const { region, key } of customerKeys(s)) {
    if (key.Policy === undefined) unchecked.push(`${region} ${key.KeyId} (kms:GetKeyPolicy failed)`);
    else keys.push({ region, key: key as KmsKey & { Policy: NonNullable<KmsKey['Policy']> } });
  }
  return { keys, unchecked };
}
