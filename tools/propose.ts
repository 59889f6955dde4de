/**
 * The model-facing propose_<kind> tools, generated from the remediation action modules. They validate
 * the input and record a PENDING proposal (reading the target's current state with the read role);
 * they never call a mutating AWS API. A human approver decides; src/approvals executes.
 */
import { z } from 'zod';
import { ACTIONS, createProposal, ProposalError, type AnyAction } from '../src/approvals/index';
import { defineTool, ToolError, type ToolDefinition } from './define-tool';
import { shortTime } from '../src/cloudtrail/time-window';

const common = {
  account: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe('Account name (or 12-digit id) to act in; optional when only one account is in scope.'),
  reason: z
    .string()
    .min(10)
    .max(2000)
    .describe(
      'Why this change is needed, in one or two sentences a reviewer can check (what the investigation found).',
    ),
  evidence: z
    .array(z.string().min(1).max(500))
    .min(1)
    .max(20)
    .describe(
      'Evidence bullets from the investigation, each one fact with its source, e.g. "AKIA… called CreateUser from 185.220.101.7 (TOR) at 2026-11-20T03:14Z".',
    ),
  confidence: z.enum(['low', 'medium', 'high']).describe('How sure the investigation is that this change is right.'),
};

export function proposeToolFor(action: AnyAction): ToolDefinition {
  const input = action.input.extend({
    ...common,
    ...(action.regional
      ? {
          region: z
            .string()
            .max(32)
            .optional()
            .describe("AWS region, e.g. us-east-1; default the account's first region."),
        }
      : {}),
  });
  const tool = defineTool({
    name: `propose_${action.kind}`,
    kind: 'propose',
    description: `PROPOSES (does not perform): ${action.description}
This tool only records a pending proposal and returns its id and a one-line summary; it changes nothing in AWS. A human approver must approve it (Slack button, or \`trailhound approve <id> --approver NAME\`) before it expires; Trailhound then executes exactly the approved parameters once, with a separate remediation role, after re-checking the live state. Risk: ${action.risk}. ${action.reversal ? `Reversible: ${action.reversal}` : 'Irreversible.'}
Use only after investigating; give the reason and evidence bullets. Tell the person the proposal id and that it awaits approval — never claim it was done. IAM permissions used at execution: ${action.permissions.join(', ')}.`,
    input,
    async run(ctx, args) {
      if (ctx.mode !== 'live' || !ctx.db)
        throw new ToolError(
          'Remediation needs live AWS accounts and the database; it is not available on an evidence folder.',
        );
      const { account, region, reason, evidence, confidence, ...actionInput } = args as Record<string, unknown> & {
        account?: string;
        region?: string;
        reason: string;
        evidence: string[];
        confidence: 'low' | 'medium' | 'high';
      };
      const acct = account ?? (ctx.accounts.length === 1 ? ctx.accounts[0]!.name : undefined);
      if (!acct) throw new ToolError(`Say which account: one of ${ctx.accounts.map((a) => a.name).join(', ')}.`);
      // Only accounts this question is about: text read from one account cannot aim a change at another.
      if (!ctx.accounts.some((a) => a.name === acct || a.accountId === acct))
        throw new ToolError(
          `Account ${acct} is not in this question's scope (${ctx.accounts.map((a) => a.name).join(', ') || 'none'}); a proposal can only act in an account the question covers. Ask again about that account to propose a change there.`,
        );
      try {
        const { proposal: p, warnings } = await createProposal(
          { db: ctx.db, config: ctx.config, externalId: ctx.sources.externalId },
          {
            kind: action.kind,
            account: acct,
            region,
            input: actionInput,
            reason,
            evidence,
            confidence,
            requester: ctx.actor,
            conversationId: ctx.conversationId,
            slack: ctx.slack,
          },
        );
        const approvals = p.requiredApprovals > 1 ? `${p.requiredApprovals} distinct approvers` : 'an approver';
        return {
          summary: `Proposal ${p.id} recorded and PENDING — nothing has been changed yet. ${p.summary} It needs ${approvals} (not the requester) before ${shortTime(p.expiresAt)}.`,
          data: {
            proposal_id: p.id,
            status: p.status,
            kind: p.kind,
            title: p.title,
            summary: p.summary,
            account: p.account,
            region: p.region,
            risk: p.risk,
            reversible: p.reversal !== null,
            required_approvals: p.requiredApprovals,
            expires_at: p.expiresAt.toISOString(),
            params_hash: p.paramsHash,
          },
          sources: [],
          warnings,
          next: [
            `Approve: trailhound approve ${p.id} --approver NAME (or the Approve button in Slack)`,
            `Reject: trailhound reject ${p.id} --approver NAME --reason "…"`,
          ],
        };
      } catch (err) {
        if (err instanceof ProposalError) throw new ToolError(err.message);
        throw err;
      }
    },
  });
  return tool;
}

export const generatedProposeTools: ToolDefinition[] = ACTIONS.map(proposeToolFor);
