import { describe, expect, it } from 'vitest';
import type { IdpUser } from '../../src/identity/idp';
import { indexIdpUsers, matchIamUser } from '../../src/identity/match';

const users: IdpUser[] = [
  { id: '1', login: 'Alice.Liddell@Example.com', email: 'alice.liddell@example.com', status: 'active' },
  {
    id: '2',
    login: 'bob.builder@example.com',
    email: 'bob@example.com',
    otherEmails: ['robert@example.com'],
    status: 'suspended',
  },
  { id: '3', login: 'jdoe', email: 'jane.doe@example.com', status: 'active' },
  { id: '4', login: 'sam@example.com', email: 'sam@example.com', status: 'deprovisioned' },
  { id: '5', login: 'sam@other.example', email: 'sam@other.example', status: 'deprovisioned' },
  { id: '6', login: 'chris@example.com', email: 'chris@example.com', status: 'deprovisioned' },
  { id: '7', login: 'chris@new.example', email: 'chris@new.example', status: 'active' },
];
const idx = indexIdpUsers(users);
const m = (name: string) => {
  const r = matchIamUser(name, idx);
  return r.matched
    ? `${r.match.user.id}:${r.match.by}`
    : r.ambiguous
      ? `ambiguous:${r.ambiguous.map((u) => u.id).join(',')}`
      : 'none';
};

describe('matching IAM user names to IdP users', () => {
  it('matches a name with @ as an email, case-insensitively', () => {
    expect(m('alice.liddell@EXAMPLE.com')).toBe('1:email');
    expect(m('bob@example.com')).toBe('2:email');
    expect(m('robert@example.com')).toBe('2:email');
  });
  it('does not match an email against a different domain', () => {
    expect(m('alice.liddell@evil.example')).toBe('none');
  });
  it('matches a plain name against logins, then the local part of logins and emails', () => {
    expect(m('JDOE')).toBe('3:login');
    expect(m('jane.doe')).toBe('3:local-part');
    expect(m('alice.liddell')).toBe('1:local-part');
    expect(m('bob.builder')).toBe('2:local-part');
    expect(m('bob')).toBe('2:local-part');
  });
  it('reports an ambiguous local part instead of guessing, but prefers the one active account', () => {
    expect(m('sam')).toBe('ambiguous:4,5');
    expect(m('chris')).toBe('7:local-part');
  });
  it('does not match unrelated names or substrings', () => {
    expect(m('ci-legacy')).toBe('none');
    expect(m('ali')).toBe('none');
    expect(m('')).toBe('none');
  });
});
