/** Action ids, callback ids and block ids shared by the Block Kit builders and the listeners. */
export const ACTION = {
  approve: 'approve_proposal',
  reject: 'reject_proposal',
  retry: 'retry_proposal',
  proposeRemediation: 'propose_remediation',
  homeRefresh: 'home_refresh',
} as const;

export const VIEW = {
  rejectModal: 'reject_proposal_modal',
} as const;

export const BLOCK = {
  approvalActions: 'approval_actions',
  rejectReason: 'reject_reason',
  answerActions: 'answer_actions',
} as const;

export const INPUT = {
  rejectReason: 'reject_reason_input',
} as const;

/** The slash command (also in slack/manifest.json). */
export const COMMAND = '/trailhound';

/** Thread identity stored with the conversation, so a restart or another replica continues it. */
export function threadKey(channel: string, threadTs: string): string {
  return `slack:${channel}:${threadTs}`;
}
