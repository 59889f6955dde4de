/**
 * The reject modal submitted: the approvals service checks the person (an approver, or the
 * requester withdrawing) and rejects atomically; a refusal is explained ephemerally and changes
 * nothing. The card is replaced with who rejected and why, and the thread is told.
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { decide, getProposal } from '../../../approvals/index';
import { log } from '../../../log';
import { approvalDeps, notifyThread, refreshCard } from '../../cards';
import { depsOf } from '../../deps';
import { esc } from '../../escape';
import { BLOCK, INPUT } from '../../ids';
import { slackApprover } from '../actions/approver';

export async function rejectSubmission({
  ack,
  body,
  view,
  client,
  context,
}: SlackViewMiddlewareArgs & AllMiddlewareArgs): Promise<void> {
  const reason = view.state.values[BLOCK.rejectReason]?.[INPUT.rejectReason]?.value?.trim() ?? '';
  if (!reason) {
    await ack({ response_action: 'errors', errors: { [BLOCK.rejectReason]: 'Say why, so the requester knows.' } });
    return;
  }
  await ack();
  const deps = depsOf(context);
  let meta: { proposalId?: string; channel?: string; ts?: string; threadTs?: string } = {};
  try {
    meta = JSON.parse(view.private_metadata || '{}');
  } catch {
    /* a malformed value is refused below */
  }
  const proposalId = String(meta.proposalId ?? '');
  const approver = await slackApprover(deps, client, body.user.id);
  const result = await decide(approvalDeps(deps), { proposalId, approver, decision: 'reject', reason });
  log.info('slack rejection', { proposalId, user: body.user.id, outcome: result.outcome });
  const p = result.proposal ?? (await getProposal(deps.db, proposalId));
  const channel = meta.channel ?? p?.slack.channel ?? undefined;
  if (result.outcome === 'refused') {
    if (channel)
      await client.chat.postEphemeral({ channel, user: body.user.id, text: esc(result.message) }).catch(() => {});
    return;
  }
  if (!p) return;
  await refreshCard(client, p, { channel, ts: meta.ts }).catch((err) => log.warn('card update failed', { err }));
  await notifyThread(client, p, { channel: p.slack.channel ?? channel, threadTs: p.slack.threadTs ?? meta.threadTs });
}
