/**
 * Configuration: parsed once from the environment with zod. A missing or malformed value stops
 * start-up with a message naming the variable and how to fix it. `.env.example` documents each one.
 */
import { z } from 'zod';
import { defaultDataDir } from './data-dir';
import { issueText, type SchemaIssue, UserFacingError } from './errors';

/** An empty value (`KEY=` in .env) means unset. */
const blankIsUnset = <T extends z.ZodType>(t: T) => z.preprocess((v) => (v === '' ? undefined : v), t);

const csv = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

const bool = (dflt: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? dflt : ['true', '1', 'yes'].includes(v)));

const int = (dflt: number, min: number, max: number) =>
  z.coerce
    .number()
    .int()
    .min(min)
    .max(max)
    .optional()
    .transform((v) => v ?? dflt);

const optionalUrl = z
  .string()
  .url()
  .optional()
  .or(z.literal('').transform(() => undefined));

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));

export { defaultDataDir } from './data-dir';

export const DEFAULT_MODEL = 'claude-sonnet-5-5';

const schema = z.object({
  ANTHROPIC_API_KEY: z.string().optional(),
  ANTHROPIC_MODEL: z
    .string()
    .min(1)
    .optional()
    .transform((v) => v ?? DEFAULT_MODEL),
  TRAILHOUND_MAX_ITERATIONS: int(12, 1, 50),
  TRAILHOUND_MAX_TOKENS_PER_QUESTION: int(200_000, 1_000, 5_000_000),
  TRAILHOUND_QUESTION_TIMEOUT_SECONDS: int(240, 5, 3_600),
  /** Questions one person may have running at once, over every surface and replica (0: no limit). */
  TRAILHOUND_MAX_CONCURRENT_QUESTIONS_PER_USER: z.preprocess((v) => (v === '' ? undefined : v), int(2, 0, 100)),
  /** Model tokens (input, output, cache reads and writes) one person may spend per UTC day (0: no limit). */
  TRAILHOUND_MAX_TOKENS_PER_USER_PER_DAY: z.preprocess(
    (v) => (v === '' ? undefined : v),
    int(2_000_000, 0, 1_000_000_000),
  ),

  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xoxb-/, 'must start with xoxb- (Bot User OAuth Token)')
    .optional(),
  SLACK_SIGNING_SECRET: z
    .string()
    .min(8, "must be the app's Signing Secret: at least 8 characters (Slack's are 32)")
    .optional(),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, 'must start with xapp- (App-Level Token with connections:write)')
    .optional(),
  SLACK_ALLOWED_USERS: csv,
  SLACK_ALLOWED_USERGROUPS: csv,
  SLACK_ALLOWED_CHANNELS: csv,
  /**
   * Mention-only: answer only @mentions (and DMs/slash commands), thread follow-ups included, so the
   * app needs no channels:history / groups:history (message.channels / message.groups events).
   */
  SLACK_MENTION_ONLY: bool(false),
  /** Post the investigation timeline chart (PNG) in the thread after a CloudTrail answer. */
  TRAILHOUND_SLACK_CHARTS: bool(true),
  PORT: int(3000, 1, 65_535),
  /** The address the HTTP receiver binds (default: every interface). 127.0.0.1 behind a local proxy. */
  HOST: z
    .string()
    .regex(/^[0-9A-Za-z.:-]+$/, 'must be an IP address or host name, e.g. 127.0.0.1 or ::')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Answer Slack questions from this evidence folder instead of live AWS (demo / offline mode). */
  TRAILHOUND_EVIDENCE_DIR: z
    .string()
    .min(1)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Seconds `serve` waits for in-flight Slack questions on SIGTERM before marking them interrupted. */
  TRAILHOUND_SHUTDOWN_GRACE_SECONDS: int(25, 0, 600),

  OKTA_ORG_URL: optionalUrl,
  OKTA_API_TOKEN: z.string().optional(),

  // Further identity providers (issue 16): each is on when its credentials are set.
  TRAILHOUND_IDP_PRIORITY: csv,
  ENTRA_TENANT_ID: optionalText,
  ENTRA_CLIENT_ID: optionalText,
  ENTRA_CLIENT_SECRET: optionalText,
  GOOGLE_WORKSPACE_CREDENTIALS: optionalText,
  GOOGLE_WORKSPACE_ADMIN_EMAIL: optionalText,
  GOOGLE_WORKSPACE_CUSTOMER: optionalText,
  JUMPCLOUD_API_KEY: optionalText,
  JUMPCLOUD_ORG_ID: optionalText,
  JUMPCLOUD_API_URL: optionalUrl,
  ONELOGIN_CLIENT_ID: optionalText,
  ONELOGIN_CLIENT_SECRET: optionalText,
  ONELOGIN_SUBDOMAIN: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/i, 'must be your OneLogin subdomain (the "acme" of acme.onelogin.com)')
    .optional()
    .or(z.literal('').transform(() => undefined)),

  // CrowdStrike Falcon (issue 16).
  FALCON_CLIENT_ID: optionalText,
  FALCON_CLIENT_SECRET: optionalText,
  FALCON_BASE_URL: optionalText,
  FALCON_MEMBER_CID: optionalText,

  // Claude through Amazon Bedrock (issue 16).
  TRAILHOUND_MODEL_PROVIDER: z
    .enum(['anthropic', 'bedrock', ''])
    .optional()
    .transform((v) => (v === 'bedrock' ? 'bedrock' : 'anthropic') as 'anthropic' | 'bedrock'),
  BEDROCK_MODEL_ID: optionalText,
  AWS_REGION: optionalText,

  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Where the embedded database lives; a per-user location, whatever folder a command runs from. */
  TRAILHOUND_DATA_DIR: z
    .string()
    .min(1)
    .optional()
    .or(z.literal('').transform(() => undefined))
    .transform((v) => v ?? defaultDataDir()),

  TRAILHOUND_REMEDIATION_ENABLED: bool(false),
  /** Approver identities: `alice=slack:U0123,cli:alice; bob=slack:U0456` (see src/approvals/identities.ts). */
  TRAILHOUND_APPROVERS: z.string().optional(),
  /** A file with the same syntax, one person per line. */
  TRAILHOUND_APPROVERS_FILE: z
    .string()
    .min(1)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Deprecated: one person per Slack id (use TRAILHOUND_APPROVERS). */
  TRAILHOUND_APPROVERS_SLACK: csv,
  TRAILHOUND_APPROVERS_SLACK_GROUP: z.string().optional(),
  /** Deprecated: one person per CLI login (use TRAILHOUND_APPROVERS). */
  TRAILHOUND_APPROVERS_CLI: csv,
  TRAILHOUND_ALLOW_SELF_APPROVAL: bool(false),
  TRAILHOUND_TWO_PERSON_KINDS: csv,
  TRAILHOUND_PROPOSAL_TTL_MINUTES: int(30, 1, 24 * 60),
  /** Minutes after the final approval during which a failed execution may be retried (default: the TTL). */
  TRAILHOUND_RETRY_WINDOW_MINUTES: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .optional(),
  ),
  TRAILHOUND_PROTECTED_PRINCIPALS: csv,
  TRAILHOUND_MAX_TARGETS: int(10, 1, 100),
  /**
   * WAFv2 IP set ARNs block_ip_in_waf may add to without finding a web ACL Block rule that uses them
   * (e.g. a set a Firewall Manager policy or a rule group references). Others must be used by a Block rule.
   */
  TRAILHOUND_WAF_BLOCK_IP_SETS: csv.pipe(
    z.array(
      z
        .string()
        .regex(
          /^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:(regional|global)\/ipset\/[\w-]{1,128}\/[0-9A-Za-z-]{1,36}$/,
          'must be WAFv2 IP set ARNs, e.g. arn:aws:wafv2:us-east-1:111111111111:regional/ipset/blocklist/a1b2…',
        ),
    ),
  ),

  TRAILHOUND_PRINCIPAL_ARN: z
    .string()
    .regex(
      /^arn:(aws|aws-us-gov|aws-cn):(iam|sts)::\d{12}:/,
      'must be the ARN of the IAM role or user Trailhound runs as',
    )
    .optional(),
  TRAILHOUND_KNOWN_BAD_IPS_FILE: z.string().optional(),
  /**
   * A configured account (name or id) whose read role is in the organization's management account
   * or a delegated administrator: SCPs/RCPs of every account are read with it. Unset: each account
   * reads its own (which works only for the management account or a delegated administrator).
   */
  TRAILHOUND_ORGANIZATIONS_ACCOUNT: blankIsUnset(z.string().max(64).optional()),

  /**
   * Where live CloudTrail searches read: `lookup` (LookupEvents, 90 days, one account-region at a
   * time), `athena` (the organization trail's table), or `auto` (Athena for windows reaching beyond
   * LookupEvents' 90 days, LookupEvents otherwise). Athena needs the four settings below.
   * `lake` reads a CloudTrail Lake event data store (TRAILHOUND_LAKE_*); `auto` prefers Lake when
   * it is configured, and picks per question (beyond 90 days, data events, many accounts,
   * filters LookupEvents cannot index → SQL).
   */
  TRAILHOUND_CLOUDTRAIL_SOURCE: z
    .preprocess((v) => (v === '' ? undefined : v), z.enum(['lookup', 'athena', 'lake', 'auto']).optional())
    .transform((v) => v ?? 'lookup'),
  TRAILHOUND_ATHENA_WORKGROUP: blankIsUnset(
    z
      .string()
      .regex(/^[a-zA-Z0-9._-]{1,128}$/, 'must be an Athena workgroup name')
      .optional(),
  ),
  TRAILHOUND_ATHENA_OUTPUT_LOCATION: blankIsUnset(
    z
      .string()
      .regex(/^s3:\/\/[a-z0-9.-]{3,63}(\/.*)?$/, 'must be an s3://bucket/prefix/ URL')
      .optional(),
  ),
  TRAILHOUND_ATHENA_DATABASE: blankIsUnset(
    z
      .string()
      .regex(/^[a-z0-9_]{1,255}$/, 'must be a Glue database name (a-z, 0-9, _)')
      .optional(),
  ),
  TRAILHOUND_ATHENA_TABLE: blankIsUnset(
    z
      .string()
      .regex(/^[a-z0-9_]{1,255}$/, 'must be a Glue table name (a-z, 0-9, _)')
      .optional(),
  ),
  /** Region of the Athena workgroup and the trail bucket's table. */
  TRAILHOUND_ATHENA_REGION: blankIsUnset(
    z
      .string()
      .regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, 'must be an AWS region code, e.g. us-east-1')
      .optional(),
  ),
  /** `serve` re-runs `accounts discover` every this many hours (unset: never). */
  TRAILHOUND_DISCOVER_EVERY_HOURS: blankIsUnset(z.coerce.number().int().min(1).max(168).optional()),
  /** The role name the StackSet deployed, for accounts the scheduled discover adds. */
  TRAILHOUND_DISCOVER_ROLE_NAME: blankIsUnset(
    z
      .string()
      .regex(/^[\w+=,.@-]{1,64}$/, 'must be an IAM role name')
      .optional(),
  ),
  /** CloudTrail Lake event data store: its ARN or id (the last part of the ARN). */
  TRAILHOUND_LAKE_EVENT_DATA_STORE: blankIsUnset(
    z
      .string()
      .regex(
        /^(arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\d{12}:eventdatastore\/)?[A-Za-z0-9-]{20,64}$/,
        'must be an event data store ARN or id',
      )
      .optional(),
  ),
  /** Region of the event data store (default: the one in its ARN, else AWS_REGION). */
  TRAILHOUND_LAKE_REGION: blankIsUnset(
    z
      .string()
      .regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, 'must be an AWS region code, e.g. us-east-1')
      .optional(),
  ),
  LOG_LEVEL: z
    .enum(['debug', 'info', 'warn', 'error', 'silent'])
    .optional()
    .transform((v) => v ?? 'info'),
});

export type Config = z.infer<typeof schema>;

const HOW_TO_FIX: Record<string, string> = {
  SLACK_BOT_TOKEN: 'Slack app → OAuth & Permissions → Bot User OAuth Token (xoxb-…).',
  SLACK_APP_TOKEN: 'Slack app → Basic Information → App-Level Tokens, scope connections:write (xapp-…).',
  SLACK_SIGNING_SECRET: 'Slack app → Basic Information → Signing Secret.',
  OKTA_ORG_URL: 'Your Okta org, e.g. https://example.okta.com.',
  DATABASE_URL: 'e.g. postgres://user@127.0.0.1:5432/trailhound, or unset it to use the embedded database.',
  TRAILHOUND_PRINCIPAL_ARN:
    'the role Trailhound runs as, e.g. arn:aws:iam::111111111111:role/trailhound (see `aws sts get-caller-identity`).',
  LOG_LEVEL: 'one of debug, info, warn, error, silent.',
  ONELOGIN_SUBDOMAIN: 'the "acme" of https://acme.onelogin.com.',
  JUMPCLOUD_API_URL: 'https://console.jumpcloud.com (US) or https://console.eu.jumpcloud.com (EU).',
  TRAILHOUND_MODEL_PROVIDER: 'anthropic (default) or bedrock.',
};

/** Variables that only work together: [names, where to find them]. */
const TOGETHER: [string[], string][] = [
  [
    ['ENTRA_TENANT_ID', 'ENTRA_CLIENT_ID', 'ENTRA_CLIENT_SECRET'],
    'Entra admin center → App registrations → your app (Directory (tenant) ID, Application (client) ID, Certificates & secrets)',
  ],
  [
    ['GOOGLE_WORKSPACE_CREDENTIALS', 'GOOGLE_WORKSPACE_ADMIN_EMAIL'],
    'the service account key file (JSON) and a Workspace admin to impersonate through domain-wide delegation',
  ],
  [
    ['ONELOGIN_CLIENT_ID', 'ONELOGIN_CLIENT_SECRET', 'ONELOGIN_SUBDOMAIN'],
    'OneLogin admin → Developers → API Credentials (Read users)',
  ],
  [
    ['FALCON_CLIENT_ID', 'FALCON_CLIENT_SECRET'],
    'Falcon console → Support and resources → API clients and keys (scopes Alerts: Read, Hosts: Read)',
  ],
];

export class ConfigError extends UserFacingError {}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const key = String(i.path[0]);
      // A message written in the schema is kept as "KEY: message"; zod's defaults are rephrased.
      const text = /^(Invalid|Too (big|small)|Expected)\b/.test(i.message)
        ? issueText(i as SchemaIssue)
        : `${key}: ${i.message}`;
      return `  ${text}${HOW_TO_FIX[key] ? ` — ${HOW_TO_FIX[key]}` : ''}`;
    });
    throw new ConfigError(`Invalid configuration (see .env.example):\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  if ((c.OKTA_ORG_URL && !c.OKTA_API_TOKEN) || (!c.OKTA_ORG_URL && c.OKTA_API_TOKEN)) {
    throw new ConfigError(
      'Invalid configuration: OKTA_ORG_URL and OKTA_API_TOKEN must be set together (Okta Admin → Security → API → Tokens).',
    );
  }
  const cfg = c as unknown as Record<string, unknown>;
  for (const [names, where] of TOGETHER) {
    const set = names.filter((n) => cfg[n] !== undefined);
    if (set.length && set.length < names.length)
      throw new ConfigError(
        `Invalid configuration: ${names.join(', ')} must be set together (missing ${names.filter((n) => cfg[n] === undefined).join(', ')}) — ${where}.`,
      );
  }
  if (c.TRAILHOUND_MODEL_PROVIDER === 'bedrock' && !c.BEDROCK_MODEL_ID)
    throw new ConfigError(
      'Invalid configuration: TRAILHOUND_MODEL_PROVIDER=bedrock needs BEDROCK_MODEL_ID (the Bedrock model or inference profile id, e.g. us.anthropic.claude-sonnet-4-5-20250929-v1:0; Bedrock console → Model catalog) and AWS_REGION.',
    );
  if (c.SLACK_BOT_TOKEN && !c.SLACK_APP_TOKEN && !c.SLACK_SIGNING_SECRET) {
    throw new ConfigError(
      'Invalid configuration: with SLACK_BOT_TOKEN set, also set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode).',
    );
  }
  return c;
}

let cached: Config | undefined;

/** The process configuration, parsed on first use (src/log.ts redacts its secret values). */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** For tests: forget the parsed configuration so the next call re-reads the environment. */
export function resetConfig(): void {
  cached = undefined;
}

/** Names of variables whose values are secrets; the logger redacts them. */
export const SECRET_KEYS = [
  'ANTHROPIC_API_KEY',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'OKTA_API_TOKEN',
  'ENTRA_CLIENT_SECRET',
  'JUMPCLOUD_API_KEY',
  'ONELOGIN_CLIENT_SECRET',
  'FALCON_CLIENT_SECRET',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
];
