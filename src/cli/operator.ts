/**
 * Who is running the CLI, for remediation: the operating-system account of this process. Not a flag
 * and not TRAILHOUND_USER — anyone can set those; the OS account is what the host authenticated.
 * (Root, or anyone who can write to the database, can still do anything: see docs/remediation.md,
 * "Threat model".)
 */
import { userInfo } from 'node:os';

export function operatorLogin(): string {
  return userInfo().username;
}

/** The requester/approver key of the person at this terminal. */
export function operatorKey(): string {
  return `cli:${operatorLogin()}`;
}
