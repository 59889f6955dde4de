import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evidenceIdp, evidenceIdps } from '../../../src/sources/evidence/idp';
import { EvidenceError } from '../../../src/sources/evidence/files';
import postureScan from '../../../tools/posture-scan';
import { evidenceContext } from '../../helpers/context';

describe('identity providers from evidence idp/<provider>/users.json', () => {
  it('reads every provider of evidence/integrations in priority order', async () => {
    const ps = evidenceIdps('evidence/integrations');
    expect(ps.map((p) => p.kind)).toEqual(['entra', 'google', 'jumpcloud', 'onelogin']);
    const users = await evidenceIdp('evidence/integrations')!.listUsers();
    expect(users).toHaveLength(3 + 2 + 2 + 2);
    expect(evidenceIdps('evidence/integrations', ['onelogin'])[0]!.kind).toBe('onelogin');
  });

  it('keeps reading okta/users.json of the original layout', () => {
    expect(evidenceIdps('evidence/demo').map((p) => p.kind)).toEqual(['okta']);
  });

  it('a file in the wrong shape is an error naming the API response it must be', () => {
    const dir = mkdtempSync(join(tmpdir(), 'th-idp-'));
    mkdirSync(join(dir, 'idp', 'jumpcloud'), { recursive: true });
    writeFileSync(join(dir, 'idp', 'jumpcloud', 'users.json'), JSON.stringify([{ username: 'a' }]));
    expect(() => evidenceIdps(dir)).toThrow(EvidenceError);
    expect(() => evidenceIdps(dir)).toThrow(/GET \/api\/systemusers/);
  });

  it('posture_scan over evidence/integrations runs the IdP rules across four providers', async () => {
    const ctx = await evidenceContext('evidence/integrations', { now: new Date('2026-11-23T09:00:00Z') });
    const r = await postureScan.run(ctx, postureScan.input.parse({}));
    const text = JSON.stringify(r.data);
    const found = [
      ...text.matchAll(/"rule":"(idp-[a-z-]+)","account":"[^"]+","resource":"arn:aws:iam::\d+:user\/([^"]+)"/g),
    ].map((m) => `${m[1]} ${m[2]}`);
    expect(found.sort()).toEqual([
      'idp-admin-not-in-idp dave.admin',
      'idp-user-not-in-idp ghost',
      'idp-user-offboarded bsmith',
      'idp-user-offboarded old.contractor',
    ]);
    // near misses: jane.doe is suspended in Google but Entra (higher priority) owns her and she is active there;
    // ci-deployer is a tagged service account; carol is active in Entra and OneLogin.
    expect(text).toMatch(/old\.contractor matches old\.contractor@example\.com, SUSPENDED \(ADMIN\) in google/);
    expect(text).toMatch(/bsmith matches bsmith, SUSPENDED in jumpcloud/);
  });
});
