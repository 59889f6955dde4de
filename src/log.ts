/**
 * Structured JSON logs on stderr. Values that look like secrets (AWS secret keys, session tokens,
 * Slack/Okta/Anthropic tokens, passwords in URLs) and every configured secret value (the secret
 * variables in the environment, the DATABASE_URL password, and any registerSecrets() value) are redacted before anything is written. `forPeople(err)` is the
 * short, redacted sentence to show a person (Slack, CLI); the details go to the log under a ref.
 */
import { randomBytes } from 'node:crypto';
type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

const SECRET_FIELD = /secret|token|password|sessiontoken|authorization|api[_-]?key|credential/i;
const SECRET_VALUE = [
  /xox[abpr]-[A-Za-z0-9-]{8,}/g, // Slack tokens
  /xapp-[A-Za-z0-9-]{8,}/g,
  /sk-ant-[A-Za-z0-9_-]{8,}/g, // Anthropic
  /\b00[A-Za-z0-9_-]{38,}\b/g, // Okta SSWS tokens
  /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/g, // AWS secret access keys
  /\bFQoG[A-Za-z0-9/+=]{50,}|\bIQoJ[A-Za-z0-9/+=]{50,}/g, // STS session tokens
];
/** user:password@ in any URL (postgres://user:pw@host, https://u:p@…): the password goes. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi;

/** Exact configured secret values (longest first, so one that contains another is fully hidden). */
let secretValues: string[] = [];

/** Adds configured secret values (tokens, signing secret, DB password…) to what is always redacted. */
export function registerSecrets(values: (string | undefined | null)[]): void {
  const next = new Set(secretValues);
  for (const v of values) if (v && v.length >= 6) next.add(v);
  secretValues = [...next].sort((a, b) => b.length - a.length);
}

/** For tests. */
export function clearRegisteredSecrets(): void {
  secretValues = [];
}

/** Variables whose values are secrets (kept in step with SECRET_KEYS in src/config.ts). */
const ENV_SECRETS = [
  'ANTHROPIC_API_KEY',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'OKTA_API_TOKEN',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
];
let envKey = '';
let envValues: string[] = [];

/** The configured secret values in the environment, and the DATABASE_URL password. */
function configuredSecrets(): string[] {
  const raw = ENV_SECRETS.map((k) => process.env[k] ?? '');
  const urls = [process.env.DATABASE_URL ?? '', process.env.TEST_DATABASE_URL ?? ''];
  const key = [...raw, ...urls].join('\u0000');
  if (key === envKey) return envValues;
  const values = raw.filter((v) => v.length >= 6);
  for (const url of urls)
    try {
      const pw = url && decodeURIComponent(new URL(url).password);
      if (pw && pw.length >= 4) values.push(pw);
    } catch {
      // not a URL
    }
  envKey = key;
  envValues = [...new Set(values)].sort((a, b) => b.length - a.length);
  return envValues;
}

function redactString(value: string): string {
  let s = value;
  for (const v of [...configuredSecrets(), ...secretValues]) if (s.includes(v)) s = s.split(v).join('[REDACTED]');
  s = s.replace(URL_PASSWORD, '$1[REDACTED]@');
  for (const re of SECRET_VALUE) s = s.replace(re, '[REDACTED]');
  return s;
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[…]';
  if (typeof value === 'string') return redactString(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Error) {
    const cause = (value as { cause?: unknown }).cause;
    return {
      name: value.name,
      message: redactString(value.message),
      ...(cause !== undefined ? { cause: redact(cause, depth + 1) } : {}),
    };
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] =
        SECRET_FIELD.test(k) && v != null && typeof v !== 'boolean' && typeof v !== 'number'
          ? '[REDACTED]'
          : redact(v, depth + 1);
    }
    return out;
  }
  return value;
}

function threshold(): number {
  const lvl = (process.env.LOG_LEVEL ?? 'info') as Level | 'silent';
  return ORDER[lvl] ?? ORDER.info;
}

function write(level: Level, msg: string, fields?: Record<string, unknown>): void {
  if (ORDER[level] < threshold()) return;
  const line = {
    time: new Date().toISOString(),
    level,
    msg: redact(msg),
    ...(fields ? (redact(fields) as object) : {}),
  };
  process.stderr.write(`${JSON.stringify(line)}\n`);
}

export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write('debug', msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write('info', msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write('warn', msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write('error', msg, fields),
};

/**
 * What a person may see of an error: one short, redacted sentence. Database errors ("Failed query:
 * … params: …" carries the statement and its values) become a generic sentence; the full error is
 * logged under a reference the person can quote.
 */
export function forPeople(err: unknown, context = 'error shown to a person'): string {
  const ref = randomBytes(4).toString('hex');
  write('error', context, { ref, err });
  const raw = (err as Error)?.message ?? String(err);
  if (/^Failed query:/i.test(raw) || /\bparams:/.test(raw))
    return `A database error stopped this (reference ${ref} in Trailhound's log).`;
  const first = redactString(raw.split('\n')[0] ?? '').trim();
  return `${first.length > 300 ? `${first.slice(0, 299)}…` : first} (reference ${ref})`;
}
