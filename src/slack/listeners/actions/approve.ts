/**
 * Approve clicked on a card. The button carries only the proposal id; the approvals service checks
 * the approver and claims the proposal atomically, so a second click, a replay or a click by someone
 * who may not approve changes nothing — that person gets an ephemeral explanation. On success the
 * card is replaced with who approved and the execution outcome, and the thread gets the result.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { decide, getProposal } from '../../../approvals/index';
import { log } from '../../../log';
import { approvalDeps, notifyThread, refreshCard } from '../../cards';
import { depsOf } from '../../deps';
import { esc } from '../../escape';
import { publishHome } from '../../home';
import { clickedCard, slackApprover } from './approver';

export async function approve({
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
  const approver = await slackApprover(deps, client, body.user.id);
  const result = await decide(approvalDeps(deps), { proposalId, approver, decision: 'approve' });
  log.info('slack approval click', { proposalId, user: body.user.id, outcome: result.outcome });
  if (result.outcome === 'refused') {
    const text = esc(result.message);
    if (channel)
      await client.chat
        .postEphemeral({ channel, user: body.user.id, text })
        .catch((err) => log.warn('ephemeral failed', { err }));
    else await client.chat.postMessage({ channel: body.user.id, text }).catch((err) => log.warn('DM failed', { err }));
    // An expired card still shows its buttons: re-render it as expired (nothing else changes).
    if (result.proposal?.status === 'expired')
      await refreshCard(client, result.proposal, { channel, ts }).catch(() => {});
    return;
  }
  const p = result.proposal ?? (await getProposal(deps.db, proposalId));
  if (!p) return;
  await refreshCard(client, p, { channel, ts }).catch((err) => log.warn('card update failed', { err }));
  await notifyThread(client, p, { channel: p.slack.channel ?? channel, threadTs: p.slack.threadTs ?? threadTs });
  if (body.container?.type === 'view') await publishHome(deps, client, body.user.id);
}
