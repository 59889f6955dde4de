/**
 * Matching IAM user names to identity-provider users (pure). Case-insensitive:
 *  - a name containing `@` is an email: matched against the IdP email, other emails and logins;
 *  - otherwise against logins (whole), and the local part of logins and emails
 *    (`jane.doe` ↔ `jane.doe@example.com`).
 * A local-part match that is ambiguous (two IdP users share it) is reported as such, never guessed.
 */
import type { IdpUser } from './idp';

export type MatchKind = 'email' | 'login' | 'local-part';

export interface IdpMatch {
  user: IdpUser;
  by: MatchKind;
}

export type MatchResult = { matched: true; match: IdpMatch } | { matched: false; ambiguous?: IdpUser[] };

export interface IdpIndex {
  byEmail: Map<string, IdpUser[]>;
  byLogin: Map<string, IdpUser[]>;
  byLocal: Map<string, IdpUser[]>;
  size: number;
}

const norm = (s: string) => s.trim().toLowerCase();
const localPart = (s: string) => norm(s).split('@')[0]!;

function add(map: Map<string, IdpUser[]>, key: string | undefined, u: IdpUser): void {
  if (!key) return;
  const k = norm(key);
  const list = map.get(k);
  if (!list) map.set(k, [u]);
  else if (!list.includes(u)) list.push(u);
}

export function indexIdpUsers(users: IdpUser[]): IdpIndex {
  const idx: IdpIndex = { byEmail: new Map(), byLogin: new Map(), byLocal: new Map(), size: users.length };
  for (const u of users) {
    add(idx.byLogin, u.login, u);
    add(idx.byEmail, u.email, u);
    for (const e of u.otherEmails ?? []) add(idx.byEmail, e, u);
    if (u.login.includes('@')) add(idx.byLocal, localPart(u.login), u);
    if (u.email) add(idx.byLocal, localPart(u.email), u);
  }
  return idx;
}

/**
 * With several IdPs, the person's record in the highest-priority provider that has them (the one
 * that owns them) decides; then an active user is preferred when several share a key (e.g. an old
 * and a re-hired account).
 */
function pickOne(list: IdpUser[]): IdpUser | undefined {
  const owner = Math.min(...list.map((u) => u.providerRank ?? 0));
  const own = list.filter((u) => (u.providerRank ?? 0) === owner);
  if (own.length === 1) return own[0];
  const active = own.filter((u) => u.status === 'active');
  return active.length === 1 ? active[0] : undefined;
}

export function matchIamUser(iamUserName: string, idx: IdpIndex): MatchResult {
  const name = norm(iamUserName);
  if (!name) return { matched: false };
  if (name.includes('@')) {
    const list = idx.byEmail.get(name) ?? idx.byLogin.get(name);
    if (!list) return { matched: false };
    const u = pickOne(list);
    return u
      ? { matched: true, match: { user: u, by: idx.byEmail.has(name) ? 'email' : 'login' } }
      : { matched: false, ambiguous: list };
  }
  const byLogin = idx.byLogin.get(name);
  if (byLogin) {
    const u = pickOne(byLogin);
    return u ? { matched: true, match: { user: u, by: 'login' } } : { matched: false, ambiguous: byLogin };
  }
  const byLocal = idx.byLocal.get(name);
  if (byLocal) {
    const u = pickOne(byLocal);
    return u ? { matched: true, match: { user: u, by: 'local-part' } } : { matched: false, ambiguous: byLocal };
  }
  return { matched: false };
}
