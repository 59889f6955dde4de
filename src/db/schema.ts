/**
 * The database schema (drizzle). Migrations in drizzle/ are generated from this file with
 * `npm run db:generate` and committed; the same SQL serves PostgreSQL and the embedded PGlite.
 * No column holds a secret: credentials are never stored.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Installation-wide settings, e.g. the External ID generated once for trust policies. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const accounts = pgTable('accounts', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  accountId: text('account_id').notNull(),
  /** Null: use the ambient credential chain (single-account use). */
  roleArn: text('role_arn'),
  regions: jsonb('regions').$type<string[]>().notNull(),
  remediationRoleArn: text('remediation_role_arn'),
  /**
   * 'active', or 'suspended' when AWS Organizations reports the account SUSPENDED, PENDING_CLOSURE or
   * CLOSED (`accounts discover`): kept with its history, left out of questions and scans by default.
   */
  status: text('status').$type<'active' | 'suspended'>().notNull().default('active'),
  /** How often `serve` scans the account: `1h`, `4h`, `24h` (default) or a 5-field UTC cron expression. */
  scanEvery: text('scan_every').notNull().default('24h'),
  /** When the next scheduled scan is due (null: as soon as `serve` runs); claimed atomically across replicas. */
  nextScanAt: ts('next_scan_at'),
  lastScanAt: ts('last_scan_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const conversations = pgTable(
  'conversations',
  {
    id: text('id').primaryKey(),
    /** Stable key of the thread, e.g. `slack:C123:1700000000.000100` or `cli:<uuid>`. */
    threadKey: text('thread_key').notNull(),
    surface: text('surface').notNull(),
    userId: text('user_id'),
    userEmail: text('user_email'),
    status: text('status').notNull().default('active'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('conversations_thread_key_idx').on(t.threadKey)],
);

export const messages = pgTable(
  'messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    /** Anthropic message content (string or content blocks). */
    content: jsonb('content').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('messages_conversation_idx').on(t.conversationId, t.id)],
);

/** Audit of every tool call: what ran, on which account, how long, how many API calls, outcome. */
export const toolCalls = pgTable(
  'tool_calls',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    conversationId: text('conversation_id'),
    tool: text('tool').notNull(),
    input: jsonb('input').notNull(),
    account: text('account'),
    actor: text('actor'),
    durationMs: integer('duration_ms').notNull(),
    apiCalls: integer('api_calls').notNull().default(0),
    outcome: text('outcome').notNull(),
    error: text('error'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('tool_calls_created_idx').on(t.createdAt)],
);

export const proposals = pgTable(
  'proposals',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    account: text('account').notNull(),
    region: text('region'),
    params: jsonb('params').notNull(),
    paramsHash: text('params_hash').notNull(),
    reason: text('reason').notNull(),
    evidence: jsonb('evidence').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    confidence: text('confidence').notNull().default('medium'),
    requester: text('requester').notNull(),
    status: text('status').notNull().default('pending'),
    approvals: jsonb('approvals').$type<{ by: string; at: string }[]>().notNull().default(sql`'[]'::jsonb`),
    requiredApprovals: integer('required_approvals').notNull().default(1),
    decidedBy: text('decided_by'),
    decidedAt: ts('decided_at'),
    rejectionReason: text('rejection_reason'),
    /** Execution record: steps with before/after state; completed steps are never repeated. */
    execution: jsonb('execution'),
    attempts: integer('attempts').notNull().default(0),
    /** Where the approval card lives (Slack channel + ts) and the requester's thread. */
    slackChannel: text('slack_channel'),
    slackTs: text('slack_ts'),
    threadTs: text('thread_ts'),
    conversationId: text('conversation_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('proposals_status_idx').on(t.status, t.expiresAt)],
);

/**
 * Append-only audit log: UPDATE, DELETE and TRUNCATE are refused by triggers, and each row is
 * hash-chained to the previous one (seq, prev_hash and hash are set by a trigger at INSERT; see
 * drizzle/0002_audit_chain.sql and `trailhound audit verify`).
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull().defaultNow(),
    actor: text('actor').notNull(),
    kind: text('kind').notNull(),
    proposalId: text('proposal_id'),
    account: text('account'),
    data: jsonb('data').notNull().default(sql`'{}'::jsonb`),
    /** Position in the hash chain (1, 2, …), assigned under a lock by the insert trigger. */
    seq: bigint('seq', { mode: 'number' }),
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [index('audit_events_proposal_idx').on(t.proposalId), uniqueIndex('audit_events_seq_idx').on(t.seq)],
);

export const scans = pgTable('scans', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  account: text('account').notNull(),
  source: text('source').notNull(),
  /** running | complete | partial | failed — a partial scan never resolves findings it could not check. */
  status: text('status').notNull().default('running'),
  startedAt: ts('started_at').notNull().defaultNow(),
  finishedAt: ts('finished_at'),
  summary: jsonb('summary'),
  warnings: jsonb('warnings').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  /** Rule ids that could be fully evaluated in this scan. */
  checkedRules: jsonb('checked_rules').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  /** What started it: `manual` (scan command, a question) or `schedule` (serve's scan-every). */
  trigger: text('trigger').notNull().default('manual'),
  /** Per region: `complete`, `partial` (some parts unread) or `failed` (nothing read), with the APIs that failed. */
  regions: jsonb('regions')
    .$type<Record<string, { status: 'complete' | 'partial' | 'failed'; errors: string[] }>>()
    .notNull()
    .default(sql`'{}'::jsonb`),
  /** Resources seen by the scan. */
  resourceCount: integer('resource_count'),
});

export const findings = pgTable(
  'findings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    account: text('account').notNull(),
    ruleId: text('rule_id').notNull(),
    resourceId: text('resource_id').notNull(),
    region: text('region'),
    severity: text('severity').notNull(),
    title: text('title').notNull(),
    detail: jsonb('detail').notNull().default(sql`'{}'::jsonb`),
    /** open | resolved */
    status: text('status').notNull().default('open'),
    firstSeen: ts('first_seen').notNull().defaultNow(),
    lastSeen: ts('last_seen').notNull().defaultNow(),
    lastScanId: integer('last_scan_id'),
    /** Consecutive complete scans that checked the rule and no longer saw the finding. */
    missedScans: integer('missed_scans').notNull().default(0),
    resolvedAt: ts('resolved_at'),
    /** Why it resolved: `not_seen` (two complete scans no longer saw it) or `decommissioned` (its resource is gone). */
    resolution: text('resolution'),
  },
  (t) => [
    uniqueIndex('findings_key_idx').on(t.account, t.ruleId, t.resourceId),
    index('findings_status_idx').on(t.status, t.severity),
  ],
);

/** Resources seen by scans; decommissioned after two consecutive complete scans miss them. */
export const resources = pgTable(
  'resources',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    account: text('account').notNull(),
    resourceId: text('resource_id').notNull(),
    type: text('type').notNull(),
    /** Null for global resources (IAM, S3 buckets are listed with their region when known). */
    region: text('region'),
    firstSeen: ts('first_seen').notNull().defaultNow(),
    lastSeen: ts('last_seen').notNull().defaultNow(),
    missedScans: integer('missed_scans').notNull().default(0),
    decommissionedAt: ts('decommissioned_at'),
  },
  (t) => [uniqueIndex('resources_key_idx').on(t.account, t.resourceId), index('resources_type_idx').on(t.type)],
);

export const schedules = pgTable('schedules', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  kind: text('kind').notNull().default('digest'),
  /** Cron expression in UTC. */
  cron: text('cron').notNull(),
  channel: text('channel').notNull(),
  accounts: jsonb('accounts').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  enabled: boolean('enabled').notNull().default(true),
  createdBy: text('created_by'),
  lastRunAt: ts('last_run_at'),
  nextRunAt: ts('next_run_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** Tokens each person spent on questions per UTC day (TRAILHOUND_MAX_TOKENS_PER_USER_PER_DAY). */
export const userUsage = pgTable(
  'user_usage',
  {
    userId: text('user_id').notNull(),
    /** UTC day, YYYY-MM-DD. */
    day: text('day').notNull(),
    tokens: bigint('tokens', { mode: 'number' }).notNull().default(0),
    questions: integer('questions').notNull().default(0),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.day] })],
);

/** Questions running now, per person (TRAILHOUND_MAX_CONCURRENT_QUESTIONS_PER_USER); a crashed run's lease expires. */
export const questionLeases = pgTable(
  'question_leases',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    surface: text('surface').notNull(),
    startedAt: ts('started_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [index('question_leases_user_idx').on(t.userId)],
);
