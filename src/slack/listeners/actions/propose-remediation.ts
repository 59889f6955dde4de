/**
 * "Propose remediation" under an answer: asks the agent, in the same thread and as the person who
 * clicked (allowlist applies), to turn the remediation it suggested into proposals for approval.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { handleQuestion } from '../../conversation';
import { depsOf } from '../../deps';

export const PROPOSE_FOLLOW_UP =
  'Propose the remediation you recommended above as approval requests (use the propose_* tools with the exact targets and evidence you found). Do not propose anything you are not confident about.';

export async function proposeRemediation({
  ack,
  body,
  client,
  context,
}: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> {
  await ack();
  const deps = depsOf(context);
  const channel = body.channel?.id ?? body.container?.channel_id;
  const msg = body.message as { ts?: string; thread_ts?: string } | undefined;
  const threadTs = msg?.thread_ts ?? msg?.ts;
  if (!channel || !threadTs) return;
  await handleQuestion(deps, client, { channel, threadTs, user: body.user.id, text: PROPOSE_FOLLOW_UP });
}
