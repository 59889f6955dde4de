/**
 * Who may approve what. Configured approvers: Slack user ids (TRAILHOUND_APPROVERS_SLACK), one Slack
 * user group (TRAILHOUND_APPROVERS_SLACK_GROUP; membership is resolved by the Slack layer and passed
 * in as approver.groups), CLI approver names (TRAILHOUND_APPROVERS_CLI). The requester cannot approve
 * their own proposal unless TRAILHOUND_ALLOW_SELF_APPROVAL; kinds in TRAILHOUND_TWO_PERSON_KINDS
 * ("destructive" = every destructive kind) need two distinct approvers.
 */
import type { Config } from '../config';
import { ACTIONS, findAction } from '../remediation/actions/index';
import type { Approver, Proposal } from './types';

export interface ApproverPolicy {
  slackUsers: string[];
  slackGroup?: string;
  cliNames: string[];
  allowSelfApproval: boolean;
  twoPersonKinds: string[];
}

export function policyFromConfig(c: Config): ApproverPolicy {
  const kinds = new Set<string>();
  for (const k of c.TRAILHOUND_TWO_PERSON_KINDS) {
    if (k === 'destructive') {
      for (const a of ACTIONS) if (a.destructive) kinds.add(a.kind);
    } else if (findAction(k)) kinds.add(k);
    // Fail closed: a typo must not silently drop the two-person rule.
    else
      throw new Error(
        `TRAILHOUND_TWO_PERSON_KINDS contains "${k}", which is not an action kind. Use kinds from: ${ACTIONS.map((a) => a.kind).join(', ')} (or "destructive").`,
      );
  }
  return {
    slackUsers: c.TRAILHOUND_APPROVERS_SLACK,
    slackGroup: c.TRAILHOUND_APPROVERS_SLACK_GROUP || undefined,
    cliNames: c.TRAILHOUND_APPROVERS_CLI,
    allowSelfApproval: c.TRAILHOUND_ALLOW_SELF_APPROVAL,
    twoPersonKinds: [...kinds],
  };
}

export function requiredApprovalsFor(policy: ApproverPolicy, kind: string): number {
  return policy.twoPersonKinds.includes(kind) && findAction(kind) ? 2 : 1;
}

/** The stable key an approval is recorded under: `slack:<user id>` or `cli:<name>`. */
export function approverKey(a: Approver): string {
  return a.surface === 'slack' ? `slack:${a.slackUserId ?? a.id}` : `cli:${a.id}`;
}

/** True when the approver is the proposal's requester (requester stored as `slack:U…`, `cli:name`, or bare). */
export function isRequester(requester: string, a: Approver): boolean {
  const r = requester.trim().toLowerCase();
  const key = approverKey(a).toLowerCase();
  const bare = (a.surface === 'slack' ? (a.slackUserId ?? a.id) : a.id).toLowerCase();
  return r === key || r === bare || (!!a.operator && r === a.operator.trim().toLowerCase());
}

export function isConfiguredApprover(policy: ApproverPolicy, a: Approver): boolean {
  if (a.surface === 'slack') {
    const uid = a.slackUserId ?? a.id;
    if (policy.slackUsers.includes(uid)) return true;
    return !!policy.slackGroup && (a.groups ?? []).includes(policy.slackGroup);
  }
  return policy.cliNames.includes(a.id);
}

export function canApprove(
  policy: ApproverPolicy,
  proposal: Pick<Proposal, 'id' | 'requester' | 'approvals' | 'requiredApprovals'>,
  a: Approver,
): { ok: boolean; why: string } {
  if (!isConfiguredApprover(policy, a)) {
    const how =
      a.surface === 'slack'
        ? 'Ask an admin to add your Slack user id to TRAILHOUND_APPROVERS_SLACK or you to the TRAILHOUND_APPROVERS_SLACK_GROUP user group.'
        : 'Approver names are configured in TRAILHOUND_APPROVERS_CLI.';
    const none = a.surface === 'slack' ? !policy.slackUsers.length && !policy.slackGroup : !policy.cliNames.length;
    return {
      ok: false,
      why: none
        ? `No ${a.surface === 'slack' ? 'Slack' : 'CLI'} approvers are configured, so nobody can approve from ${a.surface === 'slack' ? 'Slack' : 'the CLI'}. ${how}`
        : `${a.displayName ?? a.id} is not an authorised approver. ${how}`,
    };
  }
  if (!policy.allowSelfApproval && isRequester(proposal.requester, a))
    return {
      ok: false,
      why: `You (${proposal.requester}) requested ${proposal.id}; another approver must approve it (self-approval is disabled: TRAILHOUND_ALLOW_SELF_APPROVAL=false).`,
    };
  const key = approverKey(a);
  if (proposal.approvals.some((x) => x.by === key))
    return {
      ok: false,
      why: `You already approved ${proposal.id}; it needs ${proposal.requiredApprovals} distinct approvers (two-person rule), so a different approver must approve it.`,
    };
  return { ok: true, why: 'authorised approver' };
}

/** May reject: any configured approver, or the requester withdrawing their own proposal. */
export function canReject(
  policy: ApproverPolicy,
  proposal: Pick<Proposal, 'requester'>,
  a: Approver,
): { ok: boolean; why: string } {
  if (isConfiguredApprover(policy, a) || isRequester(proposal.requester, a))
    return { ok: true, why: 'approver or requester' };
  return {
    ok: false,
    why: `${a.displayName ?? a.id} is neither an authorised approver nor the requester, so cannot reject this proposal.`,
  };
}
