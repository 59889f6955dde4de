import { describe, expect, it } from 'vitest';
import { CompositeIdp, combineIdps, IdpReadError, orderIdps } from '../../src/identity/composite-idp';
import type { IdentityProvider, IdpUser } from '../../src/identity/idp';
import { fromEntraUser, fromGoogleUser, fromJumpCloudUser, fromOneLoginUser } from '../../src/identity/idp-users';
import { indexIdpUsers, matchIamUser } from '../../src/identity/match';

const provider = (kind: string, users: Partial<IdpUser>[]): IdentityProvider => ({
  kind,
  where: `${kind}-test`,
  listUsers: async () => users.map((u) => ({ login: 'x', status: 'active', ...u }) as IdpUser),
});

describe('several identity providers', () => {
  it('present in any counts as present; the owner (first in priority that has them) decides offboarding', async () => {
    const idp = new CompositeIdp([
      provider('entra', [{ login: 'jane.doe@example.com', email: 'jane.doe@example.com', status: 'active' }]),
      provider('google', [
        { login: 'jane.doe@example.com', email: 'jane.doe@example.com', status: 'suspended' },
        { login: 'old.contractor@example.com', email: 'old.contractor@example.com', status: 'suspended' },
      ]),
    ]);
    const idx = indexIdpUsers(await idp.listUsers());
    const jane = matchIamUser('jane.doe', idx);
    expect(jane).toMatchObject({ matched: true, match: { user: { provider: 'entra', status: 'active' } } });
    const oc = matchIamUser('old.contractor', idx);
    expect(oc).toMatchObject({ matched: true, match: { user: { provider: 'google', status: 'suspended' } } });
    expect(matchIamUser('ghost', idx).matched).toBe(false);
    expect(idp.kind).toBe('entra+google');
  });

  it('the same person active in two providers is one match, not an ambiguity', async () => {
    const idp = new CompositeIdp([
      provider('okta', [{ login: 'carol@example.com', email: 'carol@example.com' }]),
      provider('onelogin', [{ login: 'carol', email: 'carol@example.com' }]),
    ]);
    const r = matchIamUser('carol@example.com', indexIdpUsers(await idp.listUsers()));
    expect(r).toMatchObject({ matched: true, match: { user: { provider: 'okta' } } });
  });

  it('one unreadable provider fails the whole listing with every reason (no partial directory)', async () => {
    const broken: IdentityProvider = {
      kind: 'jumpcloud',
      where: 'x',
      listUsers: async () => {
        throw new Error('JumpCloud rejected the API key (401): set JUMPCLOUD_API_KEY');
      },
    };
    const idp = new CompositeIdp([provider('okta', [{ login: 'a' }]), broken]);
    await expect(idp.listUsers()).rejects.toThrow(IdpReadError);
    await expect(idp.listUsers()).rejects.toThrow(/1 of 2 .*jumpcloud: .*JUMPCLOUD_API_KEY/);
  });

  it('orders by TRAILHOUND_IDP_PRIORITY, then the default order; one provider stays itself', () => {
    const ps = [provider('onelogin', []), provider('okta', []), provider('google', [])];
    expect(orderIdps(ps, []).map((p) => p.kind)).toEqual(['okta', 'google', 'onelogin']);
    expect(orderIdps(ps, ['onelogin']).map((p) => p.kind)).toEqual(['onelogin', 'okta', 'google']);
    expect(combineIdps([ps[0]!])).toBe(ps[0]);
    expect(combineIdps([])).toBeUndefined();
  });
});

describe('provider status mapping (fires / near miss)', () => {
  it('Entra: accountEnabled=false is suspended; true is active', () => {
    expect(fromEntraUser({ userPrincipalName: 'a@x', accountEnabled: false })?.status).toBe('suspended');
    expect(fromEntraUser({ userPrincipalName: 'a@x', accountEnabled: true })?.status).toBe('active');
  });
  it('Google: suspended and archived are offboarded; neither is active', () => {
    expect(fromGoogleUser({ primaryEmail: 'a@x', suspended: true })?.status).toBe('suspended');
    expect(fromGoogleUser({ primaryEmail: 'a@x', archived: true })?.status).toBe('deprovisioned');
    expect(fromGoogleUser({ primaryEmail: 'a@x', suspended: false })?.status).toBe('active');
  });
  it('JumpCloud: state SUSPENDED or suspended=true; ACTIVATED is active; STAGED is staged', () => {
    expect(fromJumpCloudUser({ username: 'a', state: 'SUSPENDED' })?.status).toBe('suspended');
    expect(fromJumpCloudUser({ username: 'a', suspended: true, activated: true })?.status).toBe('suspended');
    expect(fromJumpCloudUser({ username: 'a', state: 'ACTIVATED' })?.status).toBe('active');
    expect(fromJumpCloudUser({ username: 'a', state: 'STAGED' })?.status).toBe('staged');
  });
  it('OneLogin: status 2 suspended, state 2 rejected = deprovisioned; status 1 active', () => {
    expect(fromOneLoginUser({ username: 'a', state: 1, status: 2 })?.status).toBe('suspended');
    expect(fromOneLoginUser({ username: 'a', state: 2, status: 1 })?.status).toBe('deprovisioned');
    expect(fromOneLoginUser({ username: 'a', state: 1, status: 1 })?.status).toBe('active');
  });
});
