/** IdP matching for posture rules (pure): each IAM user with its IdP match (or none). */
import type { IamUser } from '../../iam/snapshot';
import { indexIdpUsers, matchIamUser, type MatchResult } from '../../identity/match';
import type { AccountSnapshot } from '../snapshot';

const memo = new WeakMap<AccountSnapshot, Map<string, MatchResult>>();

export function idpMatches(s: AccountSnapshot): { user: IamUser; result: MatchResult }[] {
  let m = memo.get(s);
  if (!m) {
    const idx = indexIdpUsers(s.idp?.users ?? []);
    m = new Map((s.iam?.users ?? []).map((u) => [u.arn, matchIamUser(u.name, idx)]));
    memo.set(s, m);
  }
  return (s.iam?.users ?? []).map((u) => ({ user: u, result: m!.get(u.arn)! }));
}

export function ambiguityNote(r: MatchResult): string {
  return !r.matched && r.ambiguous?.length ? ` (ambiguous: ${r.ambiguous.map((u) => u.login).join(', ')})` : '';
}
