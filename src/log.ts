/**
 * Structured JSON logs on stderr. Values that look like secrets (AWS secret keys, session tokens,
 * Slack/Okta/Anthropic tokens) are redacted before anything is written.
 */
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

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[…]';
  if (typeof value === 'string') {
    let s = value;
    for (const re of SECRET_VALUE) s = s.replace(re, '[REDACTED]');
    return s;
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redact(value.message) };
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
