/**
 * Account registry types and validation (pure). An account is read through a role assumed with
 * this installation's External ID, or through the ambient credential chain when it has no role.
 */
import { UserFacingError } from '../errors';
export interface AwsAccount {
  name: string;
  accountId: string;
  /** Null: the ambient credential chain (AWS_PROFILE, env, SSO, instance role…) is used as is. */
  roleArn: string | null;
  regions: string[];
  remediationRoleArn: string | null;
  /** Absent means active. 'suspended': AWS Organizations reports it suspended or closed (accounts discover). */
  status?: 'active' | 'suspended';
}

export const ACCOUNT_ID = /^\d{12}$/;
export const ROLE_ARN = /^arn:(aws|aws-us-gov|aws-cn):iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;
export const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
export const ACCOUNT_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export class InvalidAccountError extends UserFacingError {}

/** Validates and normalises user input for `accounts add`; every error says what a valid value looks like. */
export function validateAccount(input: {
  name: string;
  accountId: string;
  roleArn?: string | null;
  regions: string[];
  remediationRoleArn?: string | null;
}): AwsAccount {
  const name = input.name.trim();
  if (!ACCOUNT_NAME.test(name))
    throw new InvalidAccountError(
      `Account name "${name}" is invalid: use lower-case letters, digits, - and _ (e.g. prod-payments).`,
    );
  const accountId = input.accountId.trim();
  if (!ACCOUNT_ID.test(accountId))
    throw new InvalidAccountError(
      `Account id "${accountId}" is invalid: an AWS account id is exactly 12 digits (e.g. 123456789012).`,
    );
  const roleArn = input.roleArn?.trim() || null;
  if (roleArn) checkRoleArn(roleArn, accountId, '--role-arn');
  const remediationRoleArn = input.remediationRoleArn?.trim() || null;
  if (remediationRoleArn) checkRoleArn(remediationRoleArn, accountId, '--remediation-role-arn');
  if (roleArn && remediationRoleArn && roleArn === remediationRoleArn)
    throw new InvalidAccountError(
      'The remediation role must be a different role from the read-only role (least privilege).',
    );
  const regions = [...new Set(input.regions.map((r) => r.trim()).filter(Boolean))];
  if (regions.length === 0)
    throw new InvalidAccountError('At least one region is required (e.g. --regions us-east-1,eu-west-1).');
  for (const r of regions)
    if (!REGION.test(r))
      throw new InvalidAccountError(`Region "${r}" is not a valid AWS region code (e.g. us-east-1).`);
  return { name, accountId, roleArn, regions, remediationRoleArn };
}

function checkRoleArn(arn: string, accountId: string, flag: string): void {
  const m = ROLE_ARN.exec(arn);
  if (!m)
    throw new InvalidAccountError(
      `${flag} "${arn}" is not an IAM role ARN: expected arn:aws:iam::<12-digit account>:role/<name>.`,
    );
  if (m[2] !== accountId)
    throw new InvalidAccountError(`${flag} belongs to account ${m[2]}, but the account id given is ${accountId}.`);
}

export function partitionOf(arn: string | null | undefined): string {
  return arn?.split(':')[1] || 'aws';
}
