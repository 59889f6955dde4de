/** Reject clicked: opens a modal asking for the reason (the decision happens on submission). */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { getProposal } from '../../../approvals/index';
import { log } from '../../../log';
import { rejectModal } from '../../blocks/approval-card';
import { depsOf } from '../../deps';
import { clickedCard } from './approver';

export async function reject({
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
  const p = await getProposal(deps.db, proposalId);
  await client.views
    .open({
      trigger_id: body.trigger_id,
      view: rejectModal(proposalId, { channel, ts, threadTs }, p?.summary ?? `Proposal ${proposalId}`),
    })
    .catch((err) => log.warn('could not open the reject modal', { err }));
}
