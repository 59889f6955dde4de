/**
 * Who is running the CLI, for remediation: the operating-system account of this process. Not a flag
 * and not TRAILHOUND_USER — anyone can set those; the OS account is what the host authenticated.
 * (Root, or anyone who can write to the database, can still do anything: see docs/remediation.md,
 * "Threat model".)
 */
import { userInfo } from 'node:os';

/** Tests only: the OS login to report instead of asking the OS (undefined, as in production: the OS). */
let loginForTests: string | undefined;

/**
 * Tests only (test/remediation/cli.test.ts): who "is logged in" for the next CLI runs, so that a
 * file can play several operators without mocking `node:os` (which forced it into a process of its
 * own). `test/helpers/setup.ts` puts it back to the OS at every file's end. Not reachable from the
 * CLI, the environment or configuration.
 */
export function setOperatorLoginForTests(login: string | undefined): void {
  loginForTests = login;
}

export function operatorLogin(): string {
  return loginForTests ?? userInfo().username;
}

/** The requester/approver key of the person at this terminal. */
export function operatorKey(): string {
  return `cli:${operatorLogin()}`;
}
