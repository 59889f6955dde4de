/**
 * Every CLI command, named without loading it: the program registers the one module a command
 * line asks for (with its SDKs and the database code it needs), and only these one-line entries
 * for `trailhound --help`. Each module exports register(program); test/cli/commands-index.test.ts
 * checks this list against what the modules register.
 */
import type { Command } from 'commander';

export interface CommandModule {
  register(program: Command): void;
}

export interface CommandEntry {
  /** The top-level command name. */
  name: string;
  /** Its arguments as commander spells them, e.g. '<question>' or '<name> [input]'. */
  args?: string;
  /** One line for `trailhound --help`. */
  summary: string;
  load(): Promise<CommandModule>;
}

const demo = () => import('./demo');
const ask = () => import('./ask');
const tools = () => import('./tools');
const accounts = () => import('./accounts');
const cloudtrail = () => import('./cloudtrail');
const collect = () => import('./collect');
const mcp = () => import('./mcp');
const migrate = () => import('./migrate');
const serve = () => import('./serve');
const remediation = () => import('./remediation');
const scan = () => import('./scan');
const schedules = () => import('./schedules');
const worker = () => import('./worker');
const inventory = () => import('./inventory');

/** In the order `trailhound --help` lists them. */
export const commandIndex: CommandEntry[] = [
  { name: 'demo', summary: 'Investigate the bundled evidence folder offline (no AWS, no keys needed).', load: demo },
  {
    name: 'ask',
    args: '<question>',
    summary: 'Ask one question (Claude with ANTHROPIC_API_KEY, else the offline planner).',
    load: ask,
  },
  {
    name: 'chat',
    summary: 'A conversation in the terminal (follow-ups refer back; offline, to the last search). Ctrl-D to end.',
    load: ask,
  },
  { name: 'tools', summary: 'List the tools the agent can call.', load: tools },
  {
    name: 'tool',
    args: '<name> [input]',
    summary: 'Run one tool directly and print its result as JSON.',
    load: tools,
  },
  { name: 'accounts', summary: 'Manage the AWS accounts Trailhound reads.', load: accounts },
  {
    name: 'cloudtrail',
    summary: 'CloudTrail sources beyond LookupEvents: athena-setup for the organization trail table.',
    load: cloudtrail,
  },
  {
    name: 'collect',
    summary: 'Preserve an account as an evidence folder (CloudTrail, IAM snapshot, EC2, trail configuration).',
    load: collect,
  },
  { name: 'mcp', summary: 'Serve the read-only query tools over MCP (stdio), for MCP clients.', load: mcp },
  {
    name: 'migrate',
    summary: 'Apply database migrations (PostgreSQL via DATABASE_URL, or the embedded database).',
    load: migrate,
  },
  { name: 'serve', summary: 'Run the Slack app (Socket Mode or HTTP). See docs/slack.md.', load: serve },
  {
    name: 'propose',
    args: '<kind>',
    summary: 'Propose a remediation for human approval (nothing changes until approved).',
    load: remediation,
  },
  { name: 'proposals', summary: 'List remediation proposals, newest first.', load: remediation },
  {
    name: 'proposal',
    args: '<id>',
    summary: 'Show one proposal: parameters, evidence, approvals and each execution step.',
    load: remediation,
  },
  {
    name: 'approve',
    args: '<id>',
    summary: 'Approve a pending proposal; it executes once enough approvers have approved.',
    load: remediation,
  },
  { name: 'reject', args: '<id>', summary: 'Reject a pending proposal (nothing is changed).', load: remediation },
  {
    name: 'audit',
    summary: 'The append-only audit log: proposals, approvals, rejections, executions and each step.',
    load: remediation,
  },
  {
    name: 'remediation-policy',
    summary: "Print the IAM policy the remediation role needs (the union of every action's permissions).",
    load: remediation,
  },
  {
    name: 'scan',
    summary: 'Run the posture rules, store the scan and print the findings summary.',
    load: scan,
  },
  { name: 'findings', summary: 'List stored posture findings (from previous scans).', load: scan },
  {
    name: 'inventory',
    summary: 'Resources seen by posture scans (type, id, region, first/last seen, decommissioned).',
    load: inventory,
  },
  { name: 'scans', summary: 'Posture scan history: per-region status, counts, duration, errors.', load: inventory },
  {
    name: 'schedules',
    summary: 'Scheduled posture digests posted to Slack channels (run by `trailhound serve`).',
    load: schedules,
  },
  {
    name: 'worker',
    summary: 'Process scan and collect jobs from the PostgreSQL queue; --status lists them.',
    load: worker,
  },
];

/** The command a command line names (`trailhound help X` names X), or undefined for none. */
export function requestedCommand(args: string[]): string | undefined {
  const operands = args.filter((a) => !a.startsWith('-'));
  return operands[0] === 'help' ? operands[1] : operands[0];
}
