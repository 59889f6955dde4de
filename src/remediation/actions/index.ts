/** Every remediation action, by kind. Add one by creating its module here and listing it. */
import type { AnyAction } from '../define-action';
import blockIpInWaf from './block-ip-in-waf';
import deleteAccessKey from './delete-access-key';
import deleteIamUser from './delete-iam-user';
import detachAdminPolicies from './detach-admin-policies';
import disableIamUser from './disable-iam-user';
import terminateEc2Instances from './terminate-ec2-instances';

export const ACTIONS: AnyAction[] = [
  deleteAccessKey,
  disableIamUser,
  deleteIamUser,
  detachAdminPolicies,
  terminateEc2Instances,
  blockIpInWaf,
];

export function findAction(kind: string): AnyAction | undefined {
  return ACTIONS.find((a) => a.kind === kind);
}

/** The remediation role's policy: the union of every action's permissions. */
export function remediationPolicy(): {
  Version: string;
  Statement: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: string }[];
} {
  const actions = [...new Set(ACTIONS.flatMap((a) => a.permissions))].sort();
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'TrailhoundRemediation', Effect: 'Allow', Action: actions, Resource: '*' }],
  };
}
