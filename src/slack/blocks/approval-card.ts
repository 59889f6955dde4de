/**
 * The approval card for one proposal. Pending: header, action and target, account and region,
 * evidence, confidence, the exact IAM actions, expiry, then Approve (primary, with a confirmation
 * dialog) and Reject (opens a modal asking for a reason). The buttons carry only the proposal id.
 * Decided: the buttons are gone; who decided and when, then the execution outcome step by step.
 */
import { code, esc, userMention } from '../escape';
import { ACTION, BLOCK, INPUT, VIEW } from '../ids';
import { clip } from '../limits';
import {
  type Block,
  context,
  divider,
  fallback,
  fieldSections,
  header,
  section,
  type SlackMessage,
  utc,
} from './common';

export interface CardStep {
  title: string;
  status: 'succeeded' | 'failed' | 'skipped' | 'pending' | 'remaining' | string;
  detail?: string | null;
}

/** What the card shows; src/slack/approvals-adapter.ts maps the approvals service's proposal to it. */
export interface CardProposal {
  id: string;
  kind: string;
  title: string;
  /** The action's one-line description of exactly what will happen. */
  summary: string;
  account: string;
  accountId?: string | null;
  region?: string | null;
  reason: string;
  evidence: string[];
  confidence: string;
  permissions: string[];
  risk?: string | null;
  reversal?: string | null;
  requester: string;
  createdAt: Date;
  expiresAt: Date;
  status: string;
  requiredApprovals: number;
  approvals: { by: string; at: string | Date }[];
  decidedBy?: string | null;
  decidedAt?: Date | null;
  rejectionReason?: string | null;
  steps: CardStep[];
  outcome?: string | null;
  error?: string | null;
}

/** Renders an actor id ("U123", "slack:U123", "cli:alice") for a card. */
export function who(actor: string | null | undefined): string {
  const m = /^(?:slack:)?([UW][A-Z0-9]{2,20})$/.exec(actor ?? '');
  return m ? userMention(m[1]) : esc(actor ?? 'unknown');
}

const STEP_ICON: Record<string, string> = {
  succeeded: ':white_check_mark:',
  failed: ':x:',
  skipped: ':fast_forward:',
  pending: ':hourglass_flowing_sand:',
  running: ':hourglass_flowing_sand:',
  remaining: ':white_circle:',
};

const STATUS_LINE: Record<string, string> = {
  pending: ':large_yellow_circle: *Waiting for approval*',
  approved: ':large_blue_circle: *Approved* — executing…',
  executing: ':large_blue_circle: *Executing…*',
  succeeded: ':large_green_circle: *Done*',
  failed: ':red_circle: *Execution failed*',
  rejected: ':no_entry: *Rejected*',
  expired: ':hourglass: *Expired* — nothing was changed',
};

export function approvalCard(p: CardProposal, now: Date = new Date()): SlackMessage {
  const blocks: Block[] = [];
  blocks.push(header(`Approval needed: ${p.title}`));
  blocks.push(section(`*${esc(p.summary)}*`));
  blocks.push(
    ...fieldSections([
      `*Account*\n${esc(p.account)}${p.accountId ? ` (${esc(p.accountId)})` : ''}`,
      `*Region*\n${esc(p.region ?? 'global')}`,
      `*Confidence*\n${esc(p.confidence)}`,
      `*Risk*\n${esc(p.risk ?? 'n/a')}${p.reversal === null ? ' · irreversible' : ''}`,
      `*Requested by*\n${who(p.requester)}`,
      `*Expires*\n${utc(p.expiresAt)}`,
    ]),
  );
  if (p.reason) blocks.push(section(`*Why:* ${esc(clip(p.reason, 1500))}`));
  if (p.evidence.length)
    blocks.push(
      section(
        `*Evidence*\n${p.evidence
          .slice(0, 10)
          .map((e) => `• ${esc(clip(e, 280))}`)
          .join('\n')}${p.evidence.length > 10 ? `\n• …and ${p.evidence.length - 10} more` : ''}`,
      ),
    );
  blocks.push(
    context(
      `*IAM actions that will be called:* ${p.permissions.map((x) => code(x)).join(', ') || 'none declared'}`,
      p.reversal ? `*To undo:* ${esc(clip(p.reversal, 500))}` : '',
    ),
  );
  blocks.push(
    context(
      `Proposal ${code(p.id)}${p.requiredApprovals > 1 ? ` · needs ${p.requiredApprovals} distinct approvers (${p.approvals.length} so far: ${p.approvals.map((a) => who(a.by)).join(', ') || 'none'})` : ''}`,
    ),
  );

  const expired = p.status === 'pending' && p.expiresAt.getTime() <= now.getTime();
  const status = expired ? 'expired' : p.status;
  if (status === 'pending') {
    blocks.push({
      type: 'actions',
      block_id: BLOCK.approvalActions,
      elements: [
        {
          type: 'button',
          action_id: ACTION.approve,
          style: 'primary',
          text: { type: 'plain_text', text: 'Approve' },
          value: p.id,
          confirm: {
            title: { type: 'plain_text', text: 'Approve this change?' },
            text: {
              type: 'mrkdwn',
              verbatim: true,
              text: clip(
                `${esc(p.summary)}\nTrailhound will call ${p.permissions.map((x) => code(x)).join(', ')} in ${esc(p.account)}.`,
                300,
              ),
            },
            confirm: { type: 'plain_text', text: 'Approve' },
            deny: { type: 'plain_text', text: 'Cancel' },
          },
        },
        {
          type: 'button',
          action_id: ACTION.reject,
          style: 'danger',
          text: { type: 'plain_text', text: 'Reject' },
          value: p.id,
        },
      ],
    });
  } else {
    blocks.push(divider);
    blocks.push(...decisionBlocks(p, status));
    if (status === 'failed')
      blocks.push({
        type: 'actions',
        block_id: BLOCK.approvalActions,
        elements: [
          {
            type: 'button',
            action_id: ACTION.retry,
            text: { type: 'plain_text', text: 'Retry execution' },
            value: p.id,
            confirm: {
              title: { type: 'plain_text', text: 'Retry this execution?' },
              text: {
                type: 'mrkdwn',
                verbatim: true,
                text: 'Steps that already succeeded are not repeated; the live state is checked again first.',
              },
              confirm: { type: 'plain_text', text: 'Retry' },
              deny: { type: 'plain_text', text: 'Cancel' },
            },
          },
        ],
      });
  }
  return { text: fallback(`${STATUS_LINE[status]?.replace(/[:*]/g, '') ?? status}: ${p.summary}`), blocks };
}

function decisionBlocks(p: CardProposal, status: string): Block[] {
  const out: Block[] = [];
  const line = STATUS_LINE[status] ?? `*${esc(status)}*`;
  if (status === 'rejected') {
    out.push(
      section(
        `${line} by ${who(p.decidedBy)} at ${utc(p.decidedAt)}${p.rejectionReason ? `\n>${esc(clip(p.rejectionReason, 1000))}` : ''}`,
      ),
    );
    return out;
  }
  if (status === 'expired') {
    out.push(section(`${line} (${utc(p.expiresAt)}).`));
    return out;
  }
  const approvers = p.approvals.length
    ? p.approvals.map((a) => `${who(a.by)} at ${utc(a.at)}`).join(', ')
    : `${who(p.decidedBy)} at ${utc(p.decidedAt)}`;
  out.push(section(`${line}\nApproved by ${approvers}`));
  if (p.steps.length)
    out.push(
      section(
        p.steps
          .slice(0, 25)
          .map(
            (s, i) =>
              `${STEP_ICON[s.status] ?? '•'} ${i + 1}. ${esc(s.title)}${s.detail ? ` — ${esc(clip(s.detail, 200))}` : ''}`,
          )
          .join('\n'),
      ),
    );
  if (p.outcome) out.push(section(esc(clip(p.outcome, 2000))));
  if (p.error) out.push(section(`:x: ${esc(clip(p.error, 2000))}`));
  return out;
}

/** The short result posted in the requester's thread once a decision is made. */
export function decisionNotice(p: CardProposal): SlackMessage {
  const status = p.status;
  let t: string;
  if (status === 'rejected')
    t = `:no_entry: ${who(p.decidedBy)} rejected: ${esc(p.summary)}${p.rejectionReason ? ` — “${esc(clip(p.rejectionReason, 500))}”` : ''}`;
  else if (status === 'succeeded')
    t = `:white_check_mark: Done: ${esc(p.outcome ?? p.summary)} (approved by ${p.approvals.map((a) => who(a.by)).join(', ') || who(p.decidedBy)})`;
  else if (status === 'failed') t = `:x: Execution failed: ${esc(p.error ?? p.outcome ?? 'see the card')}`;
  else if (status === 'pending' && p.approvals.length)
    t = `:large_yellow_circle: ${who(p.approvals.at(-1)!.by)} approved; ${p.requiredApprovals - p.approvals.length} more approval(s) needed.`;
  else t = `${esc(status)}: ${esc(p.summary)}`;
  return { text: fallback(t.replace(/<@([A-Z0-9]+)>/g, '@$1')), blocks: [section(t)] };
}

/** The modal asking for a rejection reason; private_metadata carries only the proposal id and the card's location. */
export function rejectModal(
  proposalId: string,
  card: { channel?: string; ts?: string; threadTs?: string },
  summary: string,
) {
  return {
    type: 'modal' as const,
    callback_id: VIEW.rejectModal,
    private_metadata: JSON.stringify({ proposalId, channel: card.channel, ts: card.ts, threadTs: card.threadTs }),
    title: { type: 'plain_text' as const, text: 'Reject proposal' },
    submit: { type: 'plain_text' as const, text: 'Reject' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
    blocks: [
      section(`*${esc(clip(summary, 2800))}*`),
      {
        type: 'input',
        block_id: BLOCK.rejectReason,
        label: { type: 'plain_text', text: 'Why are you rejecting it?' },
        element: { type: 'plain_text_input', action_id: INPUT.rejectReason, multiline: true, max_length: 1000 },
      },
    ] as Block[],
  };
}
