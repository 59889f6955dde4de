/**
 * Identity-provider user objects → IdpUser (pure), one mapper per provider, from each API's own
 * list-users shape (the same objects sit in evidence `idp/<provider>/users.json`):
 *  - Microsoft Entra ID: Graph `user` (userPrincipalName, mail, otherMails, accountEnabled);
 *  - Google Workspace: Directory `User` (primaryEmail, emails[], suspended, archived);
 *  - JumpCloud: system user (username, email, state ACTIVATED|STAGED|SUSPENDED, suspended);
 *  - OneLogin: API 2 user (username, email, state and status codes).
 * Status is mapped onto the normalised lifecycle; the provider's own words stay in rawStatus.
 */
import type { IdpUser, IdpUserStatus } from './idp';

const s = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const uniq = (xs: (string | undefined)[], not?: string) => {
  const out = [...new Set(xs.filter((x): x is string => !!x && x.toLowerCase() !== not?.toLowerCase()))];
  return out.length ? out : undefined;
};

export interface EntraUser {
  id?: string;
  userPrincipalName?: string;
  mail?: string | null;
  otherMails?: string[] | null;
  proxyAddresses?: string[] | null;
  accountEnabled?: boolean | null;
  createdDateTime?: string | null;
  signInActivity?: { lastSignInDateTime?: string | null } | null;
}

export function fromEntraUser(u: EntraUser): IdpUser | undefined {
  const login = s(u.userPrincipalName);
  if (!login) return undefined;
  const proxies = (u.proxyAddresses ?? []).map((p) => (/^smtp:/i.test(p) ? p.slice(5) : undefined));
  const status: IdpUserStatus =
    u.accountEnabled === false ? 'suspended' : u.accountEnabled === true ? 'active' : 'unknown';
  return {
    id: s(u.id),
    login,
    email: s(u.mail ?? undefined),
    otherEmails: uniq([...(u.otherMails ?? []), ...proxies], s(u.mail ?? undefined)),
    status,
    rawStatus:
      u.accountEnabled === undefined || u.accountEnabled === null ? undefined : `accountEnabled=${u.accountEnabled}`,
    lastLogin: s(u.signInActivity?.lastSignInDateTime ?? undefined),
  };
}

export interface GoogleUser {
  id?: string;
  primaryEmail?: string;
  emails?: { address?: string; primary?: boolean }[] | null;
  aliases?: string[] | null;
  suspended?: boolean;
  suspensionReason?: string;
  archived?: boolean;
  lastLoginTime?: string;
}

export function fromGoogleUser(u: GoogleUser): IdpUser | undefined {
  const login = s(u.primaryEmail);
  if (!login) return undefined;
  // An archived user is a former employee kept for retention: offboarded.
  const status: IdpUserStatus = u.suspended ? 'suspended' : u.archived ? 'deprovisioned' : 'active';
  const never = !u.lastLoginTime || u.lastLoginTime.startsWith('1970-01-01');
  return {
    id: s(u.id),
    login,
    email: login,
    otherEmails: uniq([...(u.emails ?? []).map((e) => e.address), ...(u.aliases ?? [])], login),
    status,
    rawStatus: u.suspended
      ? `SUSPENDED${u.suspensionReason ? ` (${u.suspensionReason})` : ''}`
      : u.archived
        ? 'ARCHIVED'
        : 'ACTIVE',
    lastLogin: never ? undefined : u.lastLoginTime,
  };
}

export interface JumpCloudUser {
  _id?: string;
  id?: string;
  username?: string;
  email?: string;
  alternateEmail?: string;
  state?: string;
  suspended?: boolean;
  activated?: boolean;
  account_locked?: boolean;
  password_expired?: boolean;
  created?: string;
}

export function fromJumpCloudUser(u: JumpCloudUser): IdpUser | undefined {
  const login = s(u.username) ?? s(u.email);
  if (!login) return undefined;
  const state = (u.state ?? '').toUpperCase();
  const status: IdpUserStatus =
    state === 'SUSPENDED' || u.suspended
      ? 'suspended'
      : state === 'STAGED'
        ? 'staged'
        : u.account_locked
          ? 'locked_out'
          : u.password_expired
            ? 'password_expired'
            : state === 'ACTIVATED' || u.activated
              ? 'active'
              : 'unknown';
  return {
    id: s(u._id) ?? s(u.id),
    login,
    email: s(u.email),
    otherEmails: uniq([u.alternateEmail], s(u.email)),
    status,
    rawStatus: state || (u.suspended ? 'suspended=true' : undefined),
  };
}

export interface OneLoginUser {
  id?: number;
  username?: string | null;
  email?: string | null;
  state?: number | null;
  status?: number | null;
  last_login?: string | null;
  updated_at?: string | null;
}

/** OneLogin user `status` codes (API 2 "Users" reference). */
const ONELOGIN_STATUS: Record<number, [string, IdpUserStatus]> = {
  0: ['Unactivated', 'provisioned'],
  1: ['Active', 'active'],
  2: ['Suspended', 'suspended'],
  3: ['Locked', 'locked_out'],
  4: ['Password expired', 'password_expired'],
  5: ['Awaiting password reset', 'recovery'],
  7: ['Password Pending', 'provisioned'],
  8: ['Security questions required', 'active'],
};

/** OneLogin user `state` codes. */
const ONELOGIN_STATE: Record<number, string> = { 0: 'Unapproved', 1: 'Approved', 2: 'Rejected', 3: 'Unlicensed' };

export function fromOneLoginUser(u: OneLoginUser): IdpUser | undefined {
  const login = s(u.username ?? undefined) ?? s(u.email ?? undefined);
  if (!login) return undefined;
  const st = typeof u.status === 'number' ? ONELOGIN_STATUS[u.status] : undefined;
  const stateName = typeof u.state === 'number' ? ONELOGIN_STATE[u.state] : undefined;
  // A rejected user has no access; an unapproved one has not been let in yet.
  const status: IdpUserStatus = u.state === 2 ? 'deprovisioned' : u.state === 0 ? 'staged' : (st?.[1] ?? 'unknown');
  return {
    id: typeof u.id === 'number' ? String(u.id) : undefined,
    login,
    email: s(u.email ?? undefined),
    status,
    rawStatus:
      [st?.[0], stateName && stateName !== 'Approved' ? stateName : undefined].filter(Boolean).join(', ') || undefined,
    lastLogin: s(u.last_login ?? undefined),
  };
}
