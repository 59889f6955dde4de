/** Okta users from an evidence folder: `okta/users.json`, the body of `GET /api/v1/users` (an array). */
import { join } from 'node:path';
import { fromOktaUser, type IdentityProvider, type IdpUser } from '../../identity/idp';
import { EvidenceError, readJsonIfExists } from './files';

export function evidenceOktaPath(dir: string): string {
  return join(dir, 'okta', 'users.json');
}

/** The evidence folder's IdP, or undefined when it has no okta/users.json. */
export function evidenceIdp(dir: string): IdentityProvider | undefined {
  const path = evidenceOktaPath(dir);
  const raw = readJsonIfExists(path);
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw))
    throw new EvidenceError(`${path} must be a JSON array of Okta user objects (the body of GET /api/v1/users).`);
  const users = raw.map((u) => fromOktaUser(u)).filter((u): u is IdpUser => !!u);
  return { kind: 'okta', where: path, listUsers: async () => users };
}
