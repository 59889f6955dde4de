/**
 * The identity-provider interface: what posture rules need from Okta, Entra ID, Google Workspace…
 * — the list of people with their login, email and lifecycle status. Pure types.
 */

/** Normalised lifecycle status; provider-specific states map onto these. */
export type IdpUserStatus =
  | 'active'
  | 'staged'
  | 'provisioned'
  | 'recovery'
  | 'password_expired'
  | 'locked_out'
  | 'suspended'
  | 'deprovisioned'
  | 'unknown';

export interface IdpUser {
  /** Provider's user id (e.g. Okta 00u…). */
  id?: string;
  login: string;
  email?: string;
  /** Other emails (secondary, aliases); used for matching too. */
  otherEmails?: string[];
  status: IdpUserStatus;
  /** The provider's own status text, e.g. DEPROVISIONED. */
  rawStatus?: string;
  statusChanged?: string;
  lastLogin?: string;
  /** With several IdPs configured: which one this record comes from, and its priority (0 = first). */
  provider?: string;
  providerRank?: number;
}

export interface IdentityProvider {
  /** e.g. `okta` */
  kind: string;
  /** Where it reads from, without secrets (e.g. https://example.okta.com). */
  where: string;
  listUsers(opts?: { signal?: AbortSignal }): Promise<IdpUser[]>;
  /** The read-only permission the listing needs, for warnings (e.g. `Graph User.Read.All`). */
  permission?: string;
}

/** States in which the person should no longer have any access. */
export const OFFBOARDED: IdpUserStatus[] = ['suspended', 'deprovisioned'];

/** Okta user status → normalised status. */
export function oktaStatus(raw: string | undefined): IdpUserStatus {
  switch ((raw ?? '').toUpperCase()) {
    case 'ACTIVE':
      return 'active';
    case 'STAGED':
      return 'staged';
    case 'PROVISIONED':
      return 'provisioned';
    case 'RECOVERY':
      return 'recovery';
    case 'PASSWORD_EXPIRED':
      return 'password_expired';
    case 'LOCKED_OUT':
      return 'locked_out';
    case 'SUSPENDED':
      return 'suspended';
    case 'DEPROVISIONED':
      return 'deprovisioned';
    default:
      return 'unknown';
  }
}

/** An Okta user object (API or evidence `okta/users.json`) → IdpUser. */
export function fromOktaUser(u: {
  id?: string;
  status?: string;
  statusChanged?: string | Date | null;
  lastLogin?: string | Date | null;
  profile?: { login?: string; email?: string; secondEmail?: string | null };
  credentials?: { emails?: { value?: string }[] };
}): IdpUser | undefined {
  const login = u.profile?.login;
  if (!login) return undefined;
  const iso = (d: string | Date | null | undefined) => (d instanceof Date ? d.toISOString() : (d ?? undefined));
  const others = [u.profile?.secondEmail, ...(u.credentials?.emails ?? []).map((e) => e.value)].filter(
    (e): e is string => !!e && e !== u.profile?.email,
  );
  return {
    id: u.id,
    login,
    email: u.profile?.email ?? undefined,
    otherEmails: others.length ? [...new Set(others)] : undefined,
    status: oktaStatus(u.status),
    rawStatus: u.status,
    statusChanged: iso(u.statusChanged),
    lastLogin: iso(u.lastLogin),
  };
}
