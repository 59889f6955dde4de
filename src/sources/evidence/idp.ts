/**
 * Identity providers from an evidence folder, each in its API's own list-users response shape:
 *   okta/users.json           Okta GET /api/v1/users (array)                      — see ./okta.ts
 *   idp/okta/users.json       the same, in the common layout
 *   idp/entra/users.json      Microsoft Graph GET /v1.0/users ({"value": [...]}, pages concatenated)
 *   idp/google/users.json     Admin SDK Directory users.list ({"kind","users": [...]})
 *   idp/jumpcloud/users.json  JumpCloud GET /api/systemusers ({"totalCount","results": [...]})
 *   idp/onelogin/users.json   OneLogin GET /api/2/users (array)
 * A file may also hold a JSON array of such page bodies (several pages). Several providers are
 * combined in the order of TRAILHOUND_IDP_PRIORITY, like live ones.
 */
import { join } from 'node:path';
import { combineIdps, orderIdps } from '../../identity/composite-idp';
import { fromOktaUser, type IdentityProvider, type IdpUser } from '../../identity/idp';
import { fromEntraUser, fromGoogleUser, fromJumpCloudUser, fromOneLoginUser } from '../../identity/idp-users';
import { EvidenceError, readJsonIfExists } from './files';
import { evidenceIdp as evidenceOkta } from './okta';

type Reader = { api: string; items(page: unknown): unknown[] | undefined; map(u: never): IdpUser | undefined };

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const arr = (v: unknown) => (Array.isArray(v) ? v : undefined);

export const EVIDENCE_IDPS: Record<string, Reader> = {
  okta: { api: 'Okta GET /api/v1/users (an array of users)', items: arr, map: fromOktaUser },
  entra: {
    api: 'Microsoft Graph GET /v1.0/users ({"value": [...]})',
    items: (p) => (isObj(p) ? arr(p.value) : undefined),
    map: fromEntraUser,
  },
  google: {
    api: 'Admin SDK Directory users.list ({"users": [...]})',
    items: (p) => (isObj(p) ? (arr(p.users) ?? (p.kind === 'admin#directory#users' ? [] : undefined)) : undefined),
    map: fromGoogleUser,
  },
  jumpcloud: {
    api: 'JumpCloud GET /api/systemusers ({"totalCount", "results": [...]})',
    items: (p) => (isObj(p) ? arr(p.results) : undefined),
    map: fromJumpCloudUser,
  },
  onelogin: { api: 'OneLogin GET /api/2/users (an array of users)', items: arr, map: fromOneLoginUser },
};

export function evidenceIdpPath(dir: string, kind: string): string {
  return join(dir, 'idp', kind, 'users.json');
}

function read(dir: string, kind: string, r: Reader): IdentityProvider | undefined {
  const path = evidenceIdpPath(dir, kind);
  const raw = readJsonIfExists(path);
  if (raw === undefined) return undefined;
  // One page body, or an array of page bodies (for the array-shaped APIs, an array of users).
  let items = r.items(raw);
  if (!items && Array.isArray(raw)) {
    const pages = raw.map((p) => r.items(p));
    if (pages.every((p) => p)) items = pages.flat() as unknown[];
  }
  if (!items) throw new EvidenceError(`${path} must be the body of ${r.api}, or a JSON array of such pages.`);
  const users = items.map((u) => (isObj(u) ? r.map(u as never) : undefined)).filter((u): u is IdpUser => !!u);
  return { kind, where: path, listUsers: async () => users };
}

export function evidenceIdps(dir: string, priority: string[] = []): IdentityProvider[] {
  const out: IdentityProvider[] = [];
  const legacyOkta = evidenceOkta(dir);
  for (const [kind, r] of Object.entries(EVIDENCE_IDPS)) {
    const p = read(dir, kind, r);
    if (p) out.push(p);
    else if (kind === 'okta' && legacyOkta) out.push(legacyOkta);
  }
  return orderIdps(out, priority);
}

export function evidenceIdp(dir: string, priority: string[] = []): IdentityProvider | undefined {
  return combineIdps(evidenceIdps(dir, priority));
}
