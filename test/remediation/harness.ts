/** A database with one account that has read + remediation roles, and ApprovalDeps for tests. */
import type { ApprovalDeps, Approver } from '../../src/approvals/index';
import type { AwsAccount } from '../../src/aws/accounts';
import { resetAwsClients } from '../../src/aws/clients';
import { parseConfig } from '../../src/config';
import { upsertAccount } from '../../src/db/queries/accounts';
import type { Backend } from '../helpers/db';
import { openTestDb } from '../helpers/db';
import { atFileEnd } from '../helpers/file-end';
import { ACCOUNT_ID, READ_ROLE, REMEDIATION_ROLE } from './fake-aws';

atFileEnd(resetAwsClients);

export const EXTERNAL_ID = '8b1f6a52-4b5c-4d0e-9a39-0f5d2c7e1a11';

export const ACCOUNT: AwsAccount = {
  name: 'prod',
  accountId: ACCOUNT_ID,
  roleArn: READ_ROLE,
  regions: ['us-east-1', 'eu-west-1'],
  remediationRoleArn: REMEDIATION_ROLE,
};

export const BASE_ENV = {
  TRAILHOUND_REMEDIATION_ENABLED: 'true',
  TRAILHOUND_APPROVERS_CLI: 'alice,bob,carol',
  TRAILHOUND_APPROVERS_SLACK: 'U0APPROVER1',
  TRAILHOUND_APPROVERS_SLACK_GROUP: 'S0SECOPS',
};

export const cli = (id: string): Approver => ({ id, surface: 'cli' });

export async function harness(backend: Backend, env: Record<string, string> = {}, account: AwsAccount = ACCOUNT) {
  resetAwsClients();
  const handle = await openTestDb(backend);
  await upsertAccount(handle.db, account);
  const deps: ApprovalDeps = { db: handle.db, config: parseConfig({ ...BASE_ENV, ...env }), externalId: EXTERNAL_ID };
  return { handle, db: handle.db, deps, close: () => handle.close() };
}
