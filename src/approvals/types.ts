/** Public types of the approvals service (see index.ts for the API overview). */
import type { Config } from '../config';
import type { Db } from '../db/client';
import type { ApprovalEntry, ProposalStatus } from '../db/queries/proposals';
import type { Risk } from '../remediation/define-action';

export type { ApprovalEntry, ProposalStatus };

export interface ApprovalDeps {
  db: Db;
  config: Config;
  /** This installation's External ID (AssumeRole); read from the settings table when absent. */
  externalId?: string;
  /** Clock for proposal creation/expiry (tests). The claim itself uses the database clock. */
  now?: () => Date;
}

export type Confidence = 'low' | 'medium' | 'high';

export interface ProposalRequest {
  kind: string;
  /** Account name (or 12-digit id) as configured with `trailhound accounts add`. */
  account: string;
  region?: string;
  /** Action parameters; validated against the action's zod schema. */
  input: unknown;
  reason: string;
  evidence?: string[];
  confidence?: Confidence;
  /** Who asked: `slack:<user id>` or `cli:<name>` (the ToolContext actor). */
  requester: string;
  conversationId?: string;
  /** Where the request came from in Slack: the card is posted into this thread. */
  slack?: { channel: string; threadTs?: string };
}

/**
 * started: recorded durably BEFORE the mutating call; interrupted: the process stopped during the
 * step, so it may or may not have happened in AWS (the precheck re-reads state on a retry).
 */
export type StepStatus = 'pending' | 'started' | 'succeeded' | 'failed' | 'skipped' | 'interrupted';

export interface StepRecord {
  id: string;
  title: string;
  status: StepStatus;
  /** Attempt number that produced this status. */
  attempt: number;
  at?: string;
  detail?: string;
  result?: unknown;
  error?: string;
}

export interface ExecutionRecord {
  attempt: number;
  startedAt: string;
  finishedAt?: string;
  /**
   * refused: the precheck or a guard-rail stopped it before any change; interrupted: the process
   * stopped (crash, shutdown, database loss) while it ran — see the last step started.
   */
  outcome?: 'succeeded' | 'failed' | 'refused' | 'interrupted';
  /** The process running it (host and pid), so a restart can tell a dead execution from a live one. */
  owner?: { host: string; pid: number };
  summary?: string;
  error?: string;
  before?: unknown;
  after?: unknown;
  steps: StepRecord[];
  /** Titles of planned steps not done (when it stopped early). */
  remaining?: string[];
  notes?: string[];
}

export interface Proposal {
  id: string;
  kind: string;
  /** Action title, e.g. "Delete access key". */
  title: string;
  /** One line: what will happen (the card's headline). */
  summary: string;
  account: string;
  region: string | null;
  input: Record<string, unknown>;
  /** State read at proposal time (user id, CreateDate…), compared again before execution. */
  observed: unknown;
  paramsHash: string;
  reason: string;
  evidence: string[];
  confidence: string;
  requester: string;
  /** Effective status: a pending proposal past its expiry reads as 'expired'. */
  status: ProposalStatus;
  approvals: ApprovalEntry[];
  requiredApprovals: number;
  decidedBy: string | null;
  decidedAt: Date | null;
  rejectionReason: string | null;
  execution: ExecutionRecord | null;
  attempts: number;
  risk: Risk | 'unknown';
  /** Exact IAM actions the execution calls. */
  permissions: string[];
  /** How to undo it, or null when it cannot be undone. */
  reversal: string | null;
  createdAt: Date;
  expiresAt: Date;
  conversationId: string | null;
  slack: { channel: string | null; ts: string | null; threadTs: string | null };
}

export interface Approver {
  /** Slack user id for 'slack', the CLI approver name for 'cli'. */
  id: string;
  surface: 'slack' | 'cli';
  slackUserId?: string;
  /** Slack user-group ids the person belongs to (resolved by the Slack layer). */
  groups?: string[];
  displayName?: string;
  /** Who is operating the surface, when known (CLI: `cli:<os user>`); also counts as the requester. */
  operator?: string;
}

export type DecisionOutcome = 'executed' | 'failed' | 'awaiting_second_approval' | 'rejected' | 'refused';

export interface DecisionResult {
  outcome: DecisionOutcome;
  /** A sentence for the person (Slack ephemeral / CLI output). */
  message: string;
  proposal?: Proposal;
  execution?: ExecutionRecord;
}

export class ProposalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProposalError';
  }
}

export type { Config };
