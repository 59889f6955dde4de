/**
 * Remediation from the CLI: propose, list, show, approve / reject (same approver policy as Slack),
 * the audit log and its verification, and the remediation role's IAM policy. The requester and the
 * approver are the operating-system account running the command (src/cli/operator.ts).
 */
import type { Command } from 'commander';
import {
  ACTIONS,
  createProposal,
  decide,
  getProposal,
  listProposals,
  ProposalError,
  remediationPolicy,
  retryExecution,
  type DecisionResult,
  type Proposal,
  type ProposalStatus,
} from '../../approvals/index';
import { listAudit } from '../../db/queries/audit';
import { installationExternalId } from '../../db/queries/settings';
import { verifyAuditChain } from '../../db/queries/audit-chain';
import { printJson, withApp, type App } from '../app';
import { CliError } from '../errors';
import { renderTable, shortTime } from '../table';
import { operatorKey, operatorLogin } from '../operator';
import { reconcileInterrupted } from '../../approvals/reconcile';
import { personOf } from '../../approvals/identities';
import { policyFromConfig } from '../../approvals/policy';

const STATUSES: ProposalStatus[] = ['pending', 'approved', 'executing', 'succeeded', 'failed', 'rejected', 'expired'];

const collect = (v: string, prev: string[] = []) => [...prev, v];

function deps(app: App, externalId?: string) {
  return { db: app.db.db, config: app.config, externalId };
}

/** The proposals listing: one row each, with a header row. */
export function proposalTable(list: Proposal[]): string {
  return renderTable(
    [
      { header: 'ID', max: 40 },
      { header: 'STATUS', max: 10 },
      { header: 'KIND', max: 28 },
      { header: 'ACCOUNT', max: 20 },
      { header: 'REQUESTED BY', max: 32 },
      { header: 'APPROVALS', max: 9 },
      { header: 'EXPIRES', max: 17 },
      { header: 'WHAT', max: 120 },
    ],
    list.map((p) => [
      p.id,
      p.status,
      p.kind,
      p.account,
      p.requester,
      `${p.approvals.length}/${p.requiredApprovals}`,
      p.status === 'pending' ? shortTime(p.expiresAt) : '—',
      p.summary,
    ]),
  );
}

function detail(p: Proposal): string {
  const out = [
    `${p.id}  ${p.title} — ${p.status}`,
    `  ${p.summary}`,
    `  account ${p.account}${p.region ? `, region ${p.region}` : ''} · risk ${p.risk} · ${p.reversal ? `reversible: ${p.reversal}` : 'irreversible'}`,
    `  requested by ${p.requester} at ${shortTime(p.createdAt)}; expires ${shortTime(p.expiresAt)}; confidence ${p.confidence}`,
    `  reason: ${p.reason}`,
    ...p.evidence.map((e) => `   • ${e}`),
    `  input: ${JSON.stringify(p.input)}  (sha256 ${p.paramsHash.slice(0, 16)}…)`,
    `  IAM permissions used: ${p.permissions.join(', ')}`,
  ];
  if (p.approvals.length)
    out.push(
      `  approvals (${p.approvals.length}/${p.requiredApprovals}): ${p.approvals.map((a) => `${a.by} at ${a.at}`).join(', ')}`,
    );
  if (p.status === 'rejected')
    out.push(`  rejected by ${p.decidedBy}${p.rejectionReason ? `: ${p.rejectionReason}` : ''}`);
  const ex = p.execution;
  if (ex) {
    out.push(
      `  execution (attempt ${ex.attempt}): ${ex.outcome ?? 'running'}${ex.summary ? ` — ${ex.summary}` : ex.error ? ` — ${ex.error}` : ''}`,
    );
    for (const s of ex.steps)
      out.push(`    [${s.status}] ${s.title}${s.error ? ` — ${s.error}` : s.detail ? ` (${s.detail})` : ''}`);
    if (ex.remaining?.length) out.push(`    not done: ${ex.remaining.join('; ')}`);
  }
  return out.join('\n');
}

function report(r: DecisionResult, json?: boolean): void {
  if (json) printJson({ outcome: r.outcome, message: r.message, proposal: r.proposal, execution: r.execution });
  else {
    console.log(r.message);
    if (r.execution?.steps.length)
      for (const s of r.execution.steps) console.log(`  [${s.status}] ${s.title}${s.error ? ` — ${s.error}` : ''}`);
    if (r.execution?.remaining?.length) console.log(`  not done: ${r.execution.remaining.join('; ')}`);
  }
  if (r.outcome === 'refused' || r.outcome === 'failed') process.exitCode = 1;
}

/**
 * The approver at this terminal: always the operating-system account. `--approver NAME` is only an
 * assertion — accepted when it is that account or the same configured person — never a way to
 * approve as somebody else.
 */
function terminalApprover(app: App, claimed?: string) {
  const login = operatorLogin();
  const name = claimed?.trim();
  if (name && name.toLowerCase() !== login.toLowerCase()) {
    const people = policyFromConfig(app.config).people;
    const asked = personOf(people, `cli:${name}`);
    if (!asked.startsWith('person:') || asked !== personOf(people, `cli:${login}`))
      throw new CliError(
        `--approver ${name} does not match the operating-system account running this command (${login}). The CLI approves as the account you are logged in as; log in as ${name} to approve as them.`,
        2,
      );
  }
  return { id: login, surface: 'cli' as const, operator: operatorKey() };
}

/** Marks executions whose process died as interrupted (so they show the last step and can be retried). */
async function reconcile(app: App): Promise<void> {
  const found = await reconcileInterrupted(app.db.db);
  for (const r of found)
    process.stderr.write(
      `note: ${r.id} was interrupted while executing${r.lastStep ? ` (last step started: ${r.lastStep})` : ''}; an approver can retry it.\n`,
    );
}

function parseInput(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw new CliError(
      `--input is not valid JSON (${(err as Error).message}). Quote it for the shell: --input '{"user_name":"bob"}'.`,
      2,
    );
  }
}

interface ProposeOptions {
  account: string;
  input: string;
  reason: string;
  evidence: string[];
  region?: string;
  confidence: string;
  json?: boolean;
}

function registerPropose(program: Command): void {
  program
    .command('propose <kind>')
    .description(
      `Propose a remediation for human approval (nothing changes until approved). Kinds: ${ACTIONS.map((a) => a.kind).join(', ')}.`,
    )
    .requiredOption('--account <name>', 'account name (or id) to act in')
    .requiredOption(
      '--input <json>',
      `the action's parameters as JSON, e.g. '{"user_name":"bob","access_key_id":"AKIA…"}' (see \`trailhound tools --json\`, propose_<kind>)`,
    )
    .requiredOption('--reason <text>', 'why this change is needed')
    .option('--evidence <text>', 'an evidence bullet (repeatable)', collect, [])
    .option('--region <region>', 'region for regional actions (EC2, WAF REGIONAL)')
    .option('--confidence <level>', 'low | medium | high', 'medium')
    .option('--json', 'print the proposal as JSON')
    .action(async (kind: string, o: ProposeOptions) => {
      const input = parseInput(o.input);
      await withApp(async (app) => {
        try {
          const { proposal, warnings } = await createProposal(deps(app), {
            kind,
            account: o.account,
            region: o.region,
            input,
            reason: o.reason,
            evidence: o.evidence,
            confidence: o.confidence as 'medium',
            requester: operatorKey(),
          });
          if (o.json) return printJson({ proposal, warnings });
          console.log(`Proposal ${proposal.id} is pending (nothing has changed yet): ${proposal.summary}`);
          for (const w of warnings) console.log(`  warning: ${w}`);
          console.log(
            `It needs ${proposal.requiredApprovals > 1 ? `${proposal.requiredApprovals} distinct people` : 'an approver'} other than you before ${shortTime(proposal.expiresAt)}:\n  trailhound approve ${proposal.id}\n  trailhound reject ${proposal.id} --reason "…"`,
          );
        } catch (err) {
          if (err instanceof ProposalError) throw new CliError(err.message);
          throw err;
        }
      });
    });
}

function registerQueries(program: Command): void {
  program
    .command('proposals')
    .description('List remediation proposals, newest first.')
    .option('--status <status>', `only this status: ${STATUSES.join(', ')}`)
    .option('--account <name>', 'only this account')
    .option('--limit <n>', 'at most this many (default 50)', '50')
    .option('--json', 'print as JSON')
    .action(async (o: { status?: string; account?: string; limit: string; json?: boolean }) => {
      if (o.status && !STATUSES.includes(o.status as ProposalStatus))
        throw new CliError(`--status must be one of ${STATUSES.join(', ')}.`, 2);
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 500)
        throw new CliError('--limit must be a whole number from 1 to 500.', 2);
      await withApp(async (app) => {
        await reconcile(app);
        const list = await listProposals(app.db.db, {
          status: o.status as ProposalStatus | undefined,
          account: o.account,
          limit,
        });
        if (o.json) return printJson(list);
        if (!list.length)
          return console.log(
            o.status
              ? `No ${o.status} proposals.`
              : 'No proposals yet. The agent proposes with propose_* tools, or: trailhound propose <kind> --account NAME --input JSON --reason "…"',
          );
        console.log(proposalTable(list));
      });
    });

  program
    .command('proposal <id>')
    .description('Show one proposal: parameters, evidence, approvals and each execution step.')
    .option('--json', 'print as JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      await withApp(async (app) => {
        const p = await getProposal(app.db.db, id.trim());
        if (!p) throw new CliError(`No proposal with id "${id}". List them with \`trailhound proposals\`.`);
        if (o.json) return printJson(p);
        console.log(detail(p));
      });
    });
}

function registerDecisions(program: Command): void {
  program
    .command('approve <id>')
    .description(
      'Approve a pending proposal as the operating-system account running this command; it executes once enough distinct people have approved. Same policy as Slack.',
    )
    .option(
      '--approver <name>',
      'optional check: must be your login (or map to the same person in TRAILHOUND_APPROVERS)',
    )
    .option('--retry', 'retry a failed execution inside its retry window (steps that already succeeded are skipped)')
    .option('--json', 'print the outcome as JSON')
    .action(async (id: string, o: { approver?: string; retry?: boolean; json?: boolean }) => {
      await withApp(async (app) => {
        const approver = terminalApprover(app, o.approver);
        await reconcile(app);
        const d = { ...deps(app), externalId: await installationExternalId(app.db.db) };
        const r = o.retry
          ? await retryExecution(d, { proposalId: id, approver })
          : await decide(d, { proposalId: id, approver, decision: 'approve' });
        report(r, o.json);
      });
    });

  program
    .command('reject <id>')
    .description('Reject a pending proposal as the operating-system account running this command (nothing is changed).')
    .option('--approver <name>', 'optional check: must be your login (or map to the same person)')
    .option('--reason <text>', 'why it is rejected')
    .option('--json', 'print the outcome as JSON')
    .action(async (id: string, o: { approver?: string; reason?: string; json?: boolean }) => {
      await withApp(async (app) => {
        const r = await decide(deps(app), {
          proposalId: id,
          approver: terminalApprover(app, o.approver),
          decision: 'reject',
          reason: o.reason,
        });
        report(r, o.json);
      });
    });
}

function printAudit(events: Awaited<ReturnType<typeof listAudit>>): void {
  console.log(
    renderTable(
      [
        { header: 'TIME', max: 17 },
        { header: 'EVENT', max: 30 },
        { header: 'ACTOR', max: 24 },
        { header: 'PROPOSAL', max: 20 },
        { header: 'DETAIL', max: 200 },
      ],
      [...events].reverse().map((e) => {
        const d = e.data as Record<string, unknown>;
        const brief = [d.title, d.step, d.status, d.reason, d.why, d.summary, d.error]
          .filter((x) => typeof x === 'string' && x)
          .join(' · ');
        return [shortTime(e.at), e.kind, e.actor, e.proposalId ?? '—', brief || '—'];
      }),
    ),
  );
}

function registerAudit(program: Command): void {
  const audit = program
    .command('audit')
    .description('The append-only audit log: proposals created, approvals, rejections, executions and each step.')
    .option('--proposal <id>', 'only events of this proposal')
    .option('--limit <n>', 'at most this many events (default 200)', '200')
    .option('--json', 'print as JSON')
    .action(async (o: { proposal?: string; limit: string; json?: boolean }) => {
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
        throw new CliError('--limit must be a whole number from 1 to 10000.', 2);
      await withApp(async (app) => {
        const events = await listAudit(app.db.db, { proposalId: o.proposal, limit });
        if (o.json) return printJson(events);
        if (!events.length) return console.log('The audit log is empty.');
        printAudit(events);
      });
    });

  audit
    .command('verify')
    .description(
      'Recompute the audit hash chain: exits 1 naming the first row that was edited, removed or inserted out of order. Record the printed head hash elsewhere to detect removal of the newest rows.',
    )
    .option('--json', 'print the result as JSON')
    .action(async (o: { json?: boolean }) => {
      // `audit verify --json`: commander gives --json to `audit` (which declares it too), not to verify.
      const json = o.json || audit.opts<{ json?: boolean }>().json;
      await withApp(async (app) => {
        const r = await verifyAuditChain(app.db.db);
        if (json) printJson(r);
        else if (r.ok)
          console.log(
            `Audit chain intact: ${r.rows} rows; head seq ${r.headSeq ?? 0}, hash ${r.headHash ?? '(empty)'}.`,
          );
        else console.log(`Audit chain BROKEN: ${r.problems.join(' ')}`);
        if (!r.ok) process.exitCode = 1;
      });
    });
}

export function register(program: Command): void {
  registerPropose(program);
  registerQueries(program);
  registerDecisions(program);
  registerAudit(program);
  program
    .command('remediation-policy')
    .description("Print the IAM policy the remediation role needs (the union of every action's permissions).")
    .option('--json', 'print the policy JSON only (this is the default output)')
    .action(() => printJson(remediationPolicy()));
}
