/** The Slack user who clicked, as the approvals service's Approver (user-group membership resolved here). */
import type { Approver } from '../../../approvals/index';
import type { SlackDeps } from '../../deps';
import type { WebClient } from '../../types';

export async function slackApprover(deps: SlackDeps, client: WebClient, userId: string): Promise<Approver> {
  const group = deps.config.TRAILHOUND_APPROVERS_SLACK_GROUP;
  const [groups, user] = await Promise.all([group ? deps.directory.groupsOf(client, userId, [group]) : Promise.resolve([]), deps.directory.user(client, userId)]);
  return { id: userId, surface: 'slack', slackUserId: userId, groups, displayName: user.email ?? user.name ?? userId };
}
