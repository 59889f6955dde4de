/**
 * Who may approve what. Approvers are people (see identities.ts): TRAILHOUND_APPROVERS /
 * TRAILHOUND_APPROVERS_FILE map each person to their Slack user id(s) and CLI login(s); the
 * deprecated TRAILHOUND_APPROVERS_SLACK / TRAILHOUND_APPROVERS_CLI lists still work (one person per
 * id). Members of one Slack user group (TRAILHOUND_APPROVERS_SLACK_GROUP; membership resolved by
 * the Slack layer, passed in as approver.groups) also approve. Self-approval and the two-person rule
 * compare PEOPLE: the requester cannot approve from another surface, and one person's Slack id and
 * CLI login count once. TRAILHOUND_ALLOW_SELF_APPROVAL lifts the first; kinds in
 * TRAILHOUND_TWO_PERSON_KINDS ("destructive" = every destructive kind) need two distinct people.
 */
import type { Config } from '../config';
import { ACTIONS, findAction } from '../remediation/actions/index';
import { loadIdentities, type Person, personOf } from './identities';
import type { Approver, Proposal } from './types';

export interface ApproverPolicy {
  people: Person[];
  slackGroup?: string;
  allowSelfApproval: boolean;
  twoPersonKinds: string[];
  /** Minutes after the final approval during which a failed execution may be retried. */
  retryWindowMinutes: number;
  notes: string[];
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
  const ids = loadIdentities(c);
  return {
    people: ids.people,
    slackGroup: c.TRAILHOUND_APPROVERS_SLACK_GROUP || undefined,
    allowSelfApproval: c.TRAILHOUND_ALLOW_SELF_APPROVAL,
    twoPersonKinds: [...kinds],
    retryWindowMinutes: c.TRAILHOUND_RETRY_WINDOW_MINUTES ?? c.TRAILHOUND_PROPOSAL_TTL_MINUTES,
    notes: ids.notes,
  };
}

export function requiredApprovalsFor(policy: ApproverPolicy, kind: string): number {
  return policy.twoPersonKinds.includes(kind) && findAction(kind) ? 2 : 1;
}

/** The surface key an approval is recorded under: `slack:<user id>` or `cli:<login>`. */
export function approverKey(a: Approver): string {
  return a.surface === 'slack' ? `slack:${a.slackUserId ?? a.id}` : `cli:${a.id}`;
}

/** The person behind an approver (`person:<name>` when configured, else their surface key). */
export function approverPerson(policy: ApproverPolicy, a: Approver): string {
  return personOf(policy.people, approverKey(a));
}

/** The person behind a stored requester (`slack:U…`, `cli:login`, or a bare legacy id). */
export function requesterPerson(policy: ApproverPolicy, requester: string): string {
  const r = requester.trim();
  if (/^(slack|cli):/.test(r)) return personOf(policy.people, r);
  return personOf(policy.people, /^[UW][A-Z0-9]+$/.test(r) ? `slack:${r}` : `cli:${r}`);
}

/** True when the approver is the same person as the proposal's requester (on any surface). */
export function isRequester(policy: ApproverPolicy, requester: string, a: Approver): boolean {
  if (requesterPerson(policy, requester) === approverPerson(policy, a)) return true;
  return !!a.operator && requesterPerson(policy, requester) === requesterPerson(policy, a.operator);
}

export function isConfiguredApprover(policy: ApproverPolicy, a: Approver): boolean {
  if (a.surface === 'slack') {
    const uid = a.slackUserId ?? a.id;
    if (policy.people.some((p) => p.slack.includes(uid))) return true;
    return !!policy.slackGroup && (a.groups ?? []).includes(policy.slackGroup);
  }
  return policy.people.some((p) => p.cli.some((x) => x.toLowerCase() === a.id.toLowerCase()));
}

/** The people who already approved (entries recorded before persons existed resolve through the config). */
export function approvedPeople(policy: ApproverPolicy, approvals: { by: string; person?: string }[]): string[] {
  return approvals.map((x) => x.person ?? personOf(policy.people, x.by));
}

function notApprover(policy: ApproverPolicy, a: Approver): string {
  const slack = a.surface === 'slack';
  const how = slack
    ? 'Ask an admin to add your Slack user id to TRAILHOUND_APPROVERS (name=slack:U…,cli:login) or you to the TRAILHOUND_APPROVERS_SLACK_GROUP user group.'
    : 'CLI approvers are operating-system logins mapped to a person in TRAILHOUND_APPROVERS (name=slack:U…,cli:login).';
  const none = slack
    ? !policy.people.some((p) => p.slack.length) && !policy.slackGroup
    : !policy.people.some((p) => p.cli.length);
  return none
    ? `No ${slack ? 'Slack' : 'CLI'} approvers are configured, so nobody can approve from ${slack ? 'Slack' : 'the CLI'}. ${how}`
    : `${a.displayName ?? a.id} is not an authorised approver. ${how}`;
}

export function canApprove(
  policy: ApproverPolicy,
  proposal: Pick<Proposal, 'id' | 'requester' | 'approvals' | 'requiredApprovals'>,
  a: Approver,
): { ok: boolean; why: string } {
  if (!isConfiguredApprover(policy, a)) return { ok: false, why: notApprover(policy, a) };
  if (!policy.allowSelfApproval && isRequester(policy, proposal.requester, a))
    return {
      ok: false,
      why: `You (${proposal.requester}) requested ${proposal.id}; another person must approve it (self-approval is disabled: TRAILHOUND_ALLOW_SELF_APPROVAL=false, and your Slack and CLI identities are the same person).`,
    };
  const person = approverPerson(policy, a);
  if (approvedPeople(policy, proposal.approvals).includes(person))
    return {
      ok: false,
      why: `You already approved ${proposal.id} (as ${person.replace(/^person:/, '')}); it needs ${proposal.requiredApprovals} distinct people (two-person rule), so a different person must approve it.`,
    };
  return { ok: true, why: 'authorised approver' };
}

/** May retry a failed execution: a configured approver who is not the requester (same rule as approving). */
export function canRetry(
  policy: ApproverPolicy,
  proposal: Pick<Proposal, 'id' | 'requester'>,
  a: Approver,
): { ok: boolean; why: string } {
  if (!isConfiguredApprover(policy, a)) return { ok: false, why: notApprover(policy, a) };
  if (!policy.allowSelfApproval && isRequester(policy, proposal.requester, a))
    return {
      ok: false,
      why: `You (${proposal.requester}) requested ${proposal.id}, so you cannot retry its execution; another approver must.`,
    };
  return { ok: true, why: 'authorised approver' };
}

/** May reject: any configured approver, or the requester withdrawing their own proposal. */
export function canReject(
  policy: ApproverPolicy,
  proposal: Pick<Proposal, 'requester'>,
  a: Approver,
): { ok: boolean; why: string } {
  if (isConfiguredApprover(policy, a) || isRequester(policy, proposal.requester, a))
    return { ok: true, why: 'approver or requester' };
  return {
    ok: false,
    why: `${a.displayName ?? a.id} is neither an authorised approver nor the requester, so cannot reject this proposal.`,
  };
}
