/** The Slack user who clicked, as the approvals service's Approver (user-group membership resolved here). */
import type { Approver } from '../../../approvals/index';
import type { SlackDeps } from '../../deps';
import type { WebClient } from '../../types';

export async function slackApprover(deps: SlackDeps, client: WebClient, userId: string): Promise<Approver> {
  const group = deps.config.TRAILHOUND_APPROVERS_SLACK_GROUP;
  const [groups, user] = await Promise.all([
    group ? deps.directory.groupsOf(client, userId, [group]) : Promise.resolve([]),
    deps.directory.user(client, userId),
  ]);
  return { id: userId, surface: 'slack', slackUserId: userId, groups, displayName: user.email ?? user.name ?? userId };
}

/** Where the clicked card lives (channel, message ts) and the thread it belongs to. */
export function clickedCard(body: {
  channel?: { id?: string };
  container?: { channel_id?: string; message_ts?: string };
  message?: { ts?: string; thread_ts?: string };
}): { channel?: string; ts?: string; threadTs?: string } {
  return {
    channel: body.channel?.id ?? body.container?.channel_id,
    ts: body.message?.ts ?? body.container?.message_ts,
    threadTs: body.message?.thread_ts,
  };
}
