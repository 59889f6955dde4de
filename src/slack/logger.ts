/** Bolt's Logger interface over src/log.ts: one JSON line per message, secrets redacted there. */
import { LogLevel, type Logger } from '@slack/bolt';
import { log } from '../log';

function message(parts: unknown[]): { msg: string; fields?: Record<string, unknown> } {
  const texts: string[] = [];
  const fields: Record<string, unknown> = {};
  for (const p of parts) {
    if (p instanceof Error) fields.err = p;
    else if (p && typeof p === 'object') Object.assign(fields, p);
    else texts.push(String(p));
  }
  return { msg: texts.join(' ') || 'slack', fields: Object.keys(fields).length ? fields : undefined };
}

export function boltLogger(name = 'bolt'): Logger {
  let level: LogLevel = LogLevel.INFO;
  let component = name;
  const emit = (lvl: 'debug' | 'info' | 'warn' | 'error', parts: unknown[]) => {
    const { msg, fields } = message(parts);
    log[lvl](msg, { component, ...fields });
  };
  return {
    debug: (...m) => emit('debug', m),
    info: (...m) => emit('info', m),
    warn: (...m) => emit('warn', m),
    error: (...m) => emit('error', m),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: (n) => {
      component = n;
    },
  };
}
