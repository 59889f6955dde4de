/**
 * Maps a person (email or corporate user name) to the AWS sessions that belong to them (pure):
 *   - role sessions whose session name or sourceIdentity carries the identity
 *     (IAM Identity Center sessions are AWSReservedSSO_* roles named after the user's email);
 *   - AssumeRoleWithSAML (SAMLUser userName, responseElements.subject, roleSessionName);
 *   - AssumeRoleWithWebIdentity (subjectFromWebIdentityToken, userName);
 *   - AssumeRole requests whose roleSessionName / sourceIdentity carry the identity;
 *   - IAM users whose name matches (full, or the email's local part), console logins included;
 *   - IAM Identity Center portal activity (userIdentity.type IdentityCenterUser, onBehalfOf.userId),
 *     linked to the person when it comes from the same IP within minutes of one of their sessions
 *     (or names them directly).
 * Feed records with add() in any order; result() aggregates. Every string from a record is data.
 */
import type { CloudTrailRecord } from '../cloudtrail/record';
import { clean, dig, text } from '../cloudtrail/threats/predicates';

export interface IdentityQuery {
  raw: string;
  /** Lower-cased identity. */
  full: string;
  /** The email's local part (jane.doe for jane.doe@example.com), or the whole name when not an email. */
  local: string;
  isEmail: boolean;
}

export class IdentityQueryError extends Error {}

const IDENTITY = /^[\w+=,.@-]{2,256}$/;

export function parseIdentity(s: string): IdentityQuery {
  const raw = s.trim();
  if (!IDENTITY.test(raw))
    throw new IdentityQueryError(
      `"${clean(raw, 60)}" is not an email or user name. Give one like jane.doe@example.com or jdoe (letters, digits and + = , . @ _ - only).`,
    );
  const full = raw.toLowerCase();
  const at = full.indexOf('@');
  const isEmail = at > 0 && at < full.length - 1;
  return { raw, full, local: isEmail ? full.slice(0, at) : full, isEmail };
}

export type MatchStrength = 'exact' | 'name';

/**
 * exact: the value is the identity (case-insensitive), or carries it as a delimited token
 *        (e.g. "jane.doe@example.com" inside "saml/jane.doe@example.com");
 * name:  only the user-name part matches (jane.doe vs jane.doe@other.example, or jdoe vs jdoe@corp).
 */
export function matchValue(q: IdentityQuery, value: unknown): MatchStrength | null {
  if (typeof value !== 'string' || !value) return null;
  const v = value.trim().toLowerCase();
  if (v.length > 512) return null;
  if (v === q.full) return 'exact';
  if (q.isEmail || q.full.length >= 5) {
    const i = v.indexOf(q.full);
    if (i >= 0) {
      const before = i === 0 ? '' : v[i - 1]!;
      const after = v[i + q.full.length] ?? '';
      if (!/[a-z0-9]/.test(before) && !/[a-z0-9]/.test(after)) return 'exact';
    }
  }
  const at = v.indexOf('@');
  const vLocal = at > 0 ? v.slice(0, at) : v;
  if (vLocal === q.local && q.local.length >= 2) return 'name';
  return null;
}

export type SessionKind = 'identity-center' | 'saml' | 'web-identity' | 'assumed-role' | 'iam-user';

export type MatchedBy =
  | 'session-name'
  | 'source-identity'
  | 'saml-subject'
  | 'web-identity-subject'
  | 'assume-role-request'
  | 'iam-user-name'
  | 'console-login';

export interface Count {
  value: string;
  count: number;
}

export interface MappedSession {
  account: string;
  accountId: string;
  kind: SessionKind;
  /** IAM role ARN (role sessions) or IAM user ARN. */
  principalArn: string | null;
  roleArn: string | null;
  sessionName: string | null;
  /** The assumed-role ARN (arn:aws:sts::…:assumed-role/Role/session) or the IAM user ARN. */
  callerArn: string | null;
  /** Access keys seen for this session, most used first (ASIA… temporary; AKIA… IAM user keys). */
  accessKeyIds: Count[];
  accessKeyCount: number;
  firstSeen: string;
  lastSeen: string;
  /** Events seen for this session (API calls + the federation events that created it). */
  events: number;
  failedCalls: number;
  consoleLogins: number;
  sourceIps: Count[];
  regions: string[];
  matchedBy: MatchedBy[];
  strength: MatchStrength;
  /** Identity provider (SAML provider ARN, OIDC provider, issuer) when known. */
  provider: string | null;
  mfa: boolean | null;
}

export interface IdentityCenterUser {
  userId: string;
  identityStoreArn: string | null;
  /** Portal events (Federate, GetRoleCredentials, CreateToken, …) in the window. */
  events: number;
  eventNames: Count[];
  roles: string[];
  sourceIps: Count[];
  firstSeen: string;
  lastSeen: string;
  linkedBy: string;
}

export interface IdentityMapResult {
  identity: string;
  sessions: MappedSession[];
  sessionCount: number;
  identityCenterUsers: IdentityCenterUser[];
  /** Every temporary/long-term key to pivot on (bounded to 50). */
  accessKeyIds: string[];
  recordsSeen: number;
}

interface SessionAcc {
  account: string;
  accountId: string;
  kind: SessionKind;
  principalArn: string | null;
  roleArn: string | null;
  sessionName: string | null;
  callerArn: string | null;
  keys: Map<string, number>;
  first: number;
  last: number;
  /** Session creation times (sessionContext.attributes.creationDate), bounded. */
  created: Set<number>;
  events: number;
  failed: number;
  consoleLogins: number;
  ips: Map<string, number>;
  regions: Set<string>;
  matchedBy: Set<MatchedBy>;
  strength: MatchStrength;
  provider: string | null;
  mfa: boolean | null;
}

interface IcAcc {
  userId: string;
  identityStoreArn: string | null;
  events: { t: number; ip: string; name: string; role: string | null }[];
  named: boolean;
}

const MAX_SESSIONS = 2000;
const MAX_IC_USERS = 500;
const MAX_IC_EVENTS = 200;
const LINK_WINDOW_MS = 15 * 60_000;

function bump(m: Map<string, number>, k: string | null | undefined, max = 200): void {
  if (!k) return;
  if (m.has(k) || m.size < max) m.set(k, (m.get(k) ?? 0) + 1);
}

function top(m: Map<string, number>, n: number): Count[] {
  return [...m.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, n)
    .map(([value, count]) => ({ value, count }));
}

function roleArnFromAssumed(arn: string): { roleArn: string | null; session: string | null } {
  // arn:aws:sts::123456789012:assumed-role/RoleName/session → arn:aws:iam::123456789012:role/RoleName
  const m = /^arn:(aws[\w-]*):sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(arn);
  if (!m) return { roleArn: null, session: null };
  return { roleArn: `arn:${m[1]}:iam::${m[2]}:role/${m[3]}`, session: m[4]! };
}

function isSsoRole(arn: string | null): boolean {
  return !!arn && /(^|\/)AWSReservedSSO_/.test(arn);
}

function stronger(a: MatchStrength, b: MatchStrength): MatchStrength {
  return a === 'exact' || b === 'exact' ? 'exact' : 'name';
}

export class IdentityMapper {
  private sessions = new Map<string, SessionAcc>();
  private ic = new Map<string, IcAcc>();
  private seen = 0;
  truncated = false;

  constructor(
    readonly query: IdentityQuery,
    private readonly account: { name: string; accountId: string },
  ) {}

  add(r: CloudTrailRecord): void {
    this.seen++;
    const id = r.userIdentity ?? {};
    const t = Date.parse(r.eventTime);
    if (!Number.isFinite(t)) return;
    const accountId = text(r.recipientAccountId) ?? text(id.accountId) ?? this.account.accountId;

    // 1. Federation events that mint sessions for someone.
    if (!r.errorCode && r.eventSource === 'sts.amazonaws.com') {
      if (r.eventName === 'AssumeRoleWithSAML') this.federation(r, t, accountId, 'saml');
      else if (r.eventName === 'AssumeRoleWithWebIdentity') this.federation(r, t, accountId, 'web-identity');
      else if (r.eventName === 'AssumeRole') this.assumeRoleRequest(r, t, accountId);
    }

    // 2. Identity Center portal activity.
    if (id.type === 'IdentityCenterUser' && id.onBehalfOf?.userId) this.identityCenter(r, t);

    // 3. The caller itself.
    if (id.type === 'AssumedRole' && id.arn) {
      const { roleArn, session } = roleArnFromAssumed(id.arn);
      const bySession = matchValue(this.query, session);
      const bySource = matchValue(this.query, id.sessionContext?.sourceIdentity);
      const known = this.sessions.get(this.key(accountId, id.arn));
      if (bySession || bySource || known) {
        const s = this.session(accountId, id.arn, {
          kind: isSsoRole(roleArn) ? 'identity-center' : 'assumed-role',
          principalArn: text(id.sessionContext?.sessionIssuer?.arn) ?? roleArn,
          roleArn: text(id.sessionContext?.sessionIssuer?.arn) ?? roleArn,
          sessionName: session,
          strength: (bySession ?? bySource ?? known?.strength)!,
        });
        if (!s) return;
        if (bySession) s.matchedBy.add('session-name');
        if (bySource) s.matchedBy.add('source-identity');
        this.touch(s, r, t, text(id.accessKeyId));
        const created = Date.parse(text(id.sessionContext?.attributes?.creationDate) ?? '');
        if (Number.isFinite(created) && s.created.size < 100) s.created.add(created);
        const mfa = id.sessionContext?.attributes?.mfaAuthenticated;
        if (mfa === 'true') s.mfa = true;
        else if (mfa === 'false' && s.mfa === null) s.mfa = false;
      }
    } else if (id.type === 'IAMUser' && id.userName) {
      const m = matchValue(this.query, id.userName);
      if (m) {
        const arn = text(id.arn) ?? `arn:aws:iam::${accountId}:user/${id.userName}`;
        const s = this.session(accountId, arn, {
          kind: 'iam-user',
          principalArn: arn,
          roleArn: null,
          sessionName: null,
          strength: m,
        });
        if (!s) return;
        s.matchedBy.add('iam-user-name');
        this.touch(s, r, t, text(id.accessKeyId));
      }
    }
    if (r.eventName === 'ConsoleLogin' && r.eventSource === 'signin.amazonaws.com') {
      const s = id.arn ? this.sessions.get(this.key(accountId, id.arn)) : undefined;
      if (s) {
        s.consoleLogins++;
        s.matchedBy.add('console-login');
        const used = text(dig(r.additionalEventData, 'MFAUsed'));
        if (s.kind === 'iam-user' && used) s.mfa = used === 'Yes' ? (s.mfa ?? true) : false;
      }
    }
  }

  private key(accountId: string, callerArn: string): string {
    return `${accountId}|${callerArn.toLowerCase()}`;
  }

  private session(
    accountId: string,
    callerArn: string,
    init: Pick<SessionAcc, 'kind' | 'principalArn' | 'roleArn' | 'sessionName' | 'strength'>,
  ): SessionAcc | null {
    const k = this.key(accountId, callerArn);
    let s = this.sessions.get(k);
    if (!s) {
      if (this.sessions.size >= MAX_SESSIONS) {
        this.truncated = true;
        return null;
      }
      s = {
        account: this.account.accountId === accountId ? this.account.name : accountId,
        accountId,
        callerArn,
        keys: new Map(),
        first: Infinity,
        last: -Infinity,
        created: new Set(),
        events: 0,
        failed: 0,
        consoleLogins: 0,
        ips: new Map(),
        regions: new Set(),
        matchedBy: new Set(),
        provider: null,
        mfa: null,
        ...init,
      };
      this.sessions.set(k, s);
    } else {
      s.strength = stronger(s.strength, init.strength);
      // A SAML/OIDC federation is more specific than "assumed role".
      if (s.kind === 'assumed-role' && init.kind !== 'assumed-role') s.kind = init.kind;
    }
    return s;
  }

  private touch(s: SessionAcc, r: CloudTrailRecord, t: number, key: string | null | undefined): void {
    s.events++;
    if (r.errorCode) s.failed++;
    s.first = Math.min(s.first, t);
    s.last = Math.max(s.last, t);
    bump(s.keys, key && /^(ASIA|AKIA)[A-Z0-9]{12,124}$/.test(key) ? key : null, 500);
    bump(s.ips, text(r.sourceIPAddress));
    if (r.awsRegion && s.regions.size < 40) s.regions.add(r.awsRegion);
  }

  private federation(r: CloudTrailRecord, t: number, accountId: string, kind: 'saml' | 'web-identity'): void {
    const id = r.userIdentity ?? {};
    const rp = r.requestParameters;
    const re = r.responseElements;
    const candidates =
      kind === 'saml'
        ? [id.userName, dig(re, 'subject'), dig(rp, 'roleSessionName')]
        : [id.userName, dig(re, 'subjectFromWebIdentityToken'), dig(rp, 'roleSessionName')];
    let m: MatchStrength | null = null;
    for (const c of candidates) {
      const x = matchValue(this.query, c);
      if (x) m = m ? stronger(m, x) : x;
    }
    if (!m) return;
    const assumed = text(dig(re, 'assumedRoleUser', 'arn'));
    const roleArn = text(dig(rp, 'roleArn'));
    const callerArn = assumed ?? (roleArn ? `${roleArn}#${text(dig(rp, 'roleSessionName')) ?? ''}` : null);
    if (!callerArn) return;
    const fromArn = assumed ? roleArnFromAssumed(assumed) : { roleArn: roleArn ?? null, session: null };
    const s = this.session(accountId, callerArn, {
      kind: kind === 'saml' && isSsoRole(roleArn ?? fromArn.roleArn) ? 'identity-center' : kind,
      principalArn: roleArn ?? fromArn.roleArn,
      roleArn: roleArn ?? fromArn.roleArn,
      sessionName: fromArn.session ?? text(dig(rp, 'roleSessionName')) ?? null,
      strength: m,
    });
    if (!s) return;
    s.matchedBy.add(kind === 'saml' ? 'saml-subject' : 'web-identity-subject');
    if (s.created.size < 100) s.created.add(t);
    s.provider =
      s.provider ??
      text(dig(rp, 'principalArn')) ??
      text(dig(re, 'provider')) ??
      text(id.identityProvider) ??
      text(dig(re, 'issuer')) ??
      null;
    this.touch(s, r, t, text(dig(re, 'credentials', 'accessKeyId')));
  }

  private assumeRoleRequest(r: CloudTrailRecord, t: number, accountId: string): void {
    const rp = r.requestParameters;
    const bySession = matchValue(this.query, dig(rp, 'roleSessionName'));
    const bySource = matchValue(this.query, dig(rp, 'sourceIdentity'));
    if (!bySession && !bySource) return;
    const assumed = text(dig(r.responseElements, 'assumedRoleUser', 'arn'));
    if (!assumed) return;
    const { roleArn, session } = roleArnFromAssumed(assumed);
    const s = this.session(accountId, assumed, {
      kind: isSsoRole(roleArn) ? 'identity-center' : 'assumed-role',
      principalArn: roleArn,
      roleArn,
      sessionName: session,
      strength: (bySession ?? bySource)!,
    });
    if (!s) return;
    s.matchedBy.add(bySource ? 'source-identity' : 'assume-role-request');
    this.touch(s, r, t, text(dig(r.responseElements, 'credentials', 'accessKeyId')));
  }

  private identityCenter(r: CloudTrailRecord, t: number): void {
    const id = r.userIdentity!;
    const userId = text(id.onBehalfOf?.userId);
    if (!userId) return;
    let u = this.ic.get(userId);
    if (!u) {
      if (this.ic.size >= MAX_IC_USERS) return;
      u = { userId, identityStoreArn: text(id.onBehalfOf?.identityStoreArn) ?? null, events: [], named: false };
      this.ic.set(userId, u);
    }
    // Newer records may name the user (userName / additionalEventData); use it when present.
    if (
      matchValue(this.query, id.userName) === 'exact' ||
      matchValue(this.query, dig(r.additionalEventData, 'UserName')) === 'exact'
    )
      u.named = true;
    if (u.events.length < MAX_IC_EVENTS)
      u.events.push({
        t,
        ip: text(r.sourceIPAddress) ?? '',
        name: r.eventName,
        role: text(dig(r.requestParameters, 'roleName')) ?? text(dig(r.serviceEventDetails, 'role_name')) ?? null,
      });
  }

  result(): IdentityMapResult {
    // Link Identity Center users: same source IP within minutes of one of the person's SSO sessions.
    const ssoStarts = [...this.sessions.values()].filter((s) => s.kind === 'identity-center' && s.strength === 'exact');
    const icUsers: IdentityCenterUser[] = [];
    for (const u of this.ic.values()) {
      let linkedBy: string | null = u.named ? 'the portal event names this user' : null;
      if (!linkedBy) {
        for (const s of ssoStarts) {
          // Around the session's start only (creationDate, or the federation event): a shared office
          // IP during a long session must not link everyone behind it.
          const near = (e: { t: number }) => [...s.created].some((c) => Math.abs(e.t - c) <= LINK_WINDOW_MS);
          const hit = u.events.find((e) => s.ips.has(e.ip) && near(e));
          if (hit) {
            linkedBy = `portal sign-in from ${hit.ip} within 15 minutes of the start of session ${s.sessionName ?? s.callerArn}`;
            break;
          }
        }
      }
      if (!linkedBy) continue;
      const names = new Map<string, number>();
      const ips = new Map<string, number>();
      const roles = new Set<string>();
      for (const e of u.events) {
        bump(names, e.name);
        bump(ips, e.ip);
        if (e.role && roles.size < 20) roles.add(e.role);
      }
      const times = u.events.map((e) => e.t);
      icUsers.push({
        userId: u.userId,
        identityStoreArn: u.identityStoreArn,
        events: u.events.length,
        eventNames: top(names, 10),
        roles: [...roles].sort(),
        sourceIps: top(ips, 5),
        firstSeen: new Date(Math.min(...times)).toISOString(),
        lastSeen: new Date(Math.max(...times)).toISOString(),
        linkedBy,
      });
    }
    const all = [...this.sessions.values()].filter((s) => s.events > 0);
    all.sort((a, b) => (a.strength === b.strength ? b.last - a.last : a.strength === 'exact' ? -1 : 1));
    const keys = new Map<string, number>();
    for (const s of all) for (const [k, n] of s.keys) keys.set(k, (keys.get(k) ?? 0) + n);
    return {
      identity: this.query.raw,
      sessionCount: all.length,
      sessions: all.map((s) => ({
        account: s.account,
        accountId: s.accountId,
        kind: s.kind,
        principalArn: s.principalArn,
        roleArn: s.roleArn,
        sessionName: s.sessionName,
        callerArn: s.callerArn,
        accessKeyIds: top(s.keys, 20),
        accessKeyCount: s.keys.size,
        firstSeen: new Date(s.first).toISOString(),
        lastSeen: new Date(s.last).toISOString(),
        events: s.events,
        failedCalls: s.failed,
        consoleLogins: s.consoleLogins,
        sourceIps: top(s.ips, 5),
        regions: [...s.regions].sort(),
        matchedBy: [...s.matchedBy].sort(),
        strength: s.strength,
        provider: s.provider,
        mfa: s.mfa,
      })),
      identityCenterUsers: icUsers,
      accessKeyIds: top(keys, 50).map((c) => c.value),
      recordsSeen: this.seen,
    };
  }
}
