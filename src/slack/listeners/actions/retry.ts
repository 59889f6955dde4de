/**
 * "Retry execution" on a failed card: the approvals service checks the clicker is an approver and
 * claims the retry atomically (steps that succeeded are not repeated); refusals are ephemeral.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { getProposal, retryExecution } from '../../../approvals/index';
import { log } from '../../../log';
import { approvalDeps, notifyThread, refreshCard } from '../../cards';
import { depsOf } from '../../deps';
import { esc } from '../../escape';
import { clickedCard, slackApprover } from './approver';

export async function retry({
  ack,
  body,
  action,
  client,
  context,
}: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> {
  await ack();
  const deps = depsOf(context);
  const proposalId = String(action.value ?? '');
  const { channel, ts, threadTs } = clickedCard(body as Parameters<typeof clickedCard>[0]);
  const result = await retryExecution(approvalDeps(deps), {
    proposalId,
    approver: await slackApprover(deps, client, body.user.id),
  });
  log.info('slack retry click', { proposalId, user: body.user.id, outcome: result.outcome });
  if (result.outcome === 'refused') {
    if (channel)
      await client.chat.postEphemeral({ channel, user: body.user.id, text: esc(result.message) }).catch(() => {});
    return;
  }
  const p = result.proposal ?? (await getProposal(deps.db, proposalId));
  if (!p) return;
  await refreshCard(client, p, { channel, ts }).catch((err) => log.warn('card update failed', { err }));
  await notifyThread(client, p, { channel: p.slack.channel ?? channel, threadTs: p.slack.threadTs ?? threadTs });
}
