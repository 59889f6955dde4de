/**
 * Five-field cron expressions in UTC (minute hour day-of-month month day-of-week), pure:
 * `*`, lists `1,15`, ranges `1-5`, steps `*\/15` and `9-17/2`, month/day names, and the usual
 * macros (@hourly, @daily, @weekly, @monthly). Day-of-month and day-of-week combine as in cron:
 * when both are restricted, either may match.
 */
export class CronError extends Error {}

interface Field {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const FIELDS: Field[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  {
    min: 1,
    max: 12,
    names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 },
  },
  { min: 0, max: 7, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } },
];
const NAMES = ['minute', 'hour', 'day-of-month', 'month', 'day-of-week'];
const MACROS: Record<string, string> = {
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
};

export interface Cron {
  source: string;
  sets: Set<number>[];
  domStar: boolean;
  dowStar: boolean;
}

function value(s: string, f: Field, name: string): number {
  const v = f.names?.[s.toLowerCase()] ?? (/^\d+$/.test(s) ? Number(s) : NaN);
  if (!Number.isInteger(v) || v < f.min || v > f.max)
    throw new CronError(`"${s}" is not a valid ${name} (${f.min}–${f.max}).`);
  return v;
}

function parseField(expr: string, f: Field, name: string): Set<number> {
  const out = new Set<number>();
  for (const part of expr.split(',')) {
    const [range, stepS] = part.split('/');
    const step = stepS === undefined ? 1 : Number(stepS);
    if (!Number.isInteger(step) || step < 1)
      throw new CronError(`"${part}": the step of the ${name} field must be a positive integer.`);
    let lo: number;
    let hi: number;
    if (range === '*') [lo, hi] = [f.min, f.max];
    else if (range!.includes('-')) {
      const [a, b] = range!.split('-');
      [lo, hi] = [value(a!, f, name), value(b!, f, name)];
      if (lo > hi) throw new CronError(`"${range}": the ${name} range goes backwards.`);
    } else {
      lo = value(range!, f, name);
      hi = stepS === undefined ? lo : f.max;
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

export function parseCron(source: string): Cron {
  const expanded = MACROS[source.trim().toLowerCase()] ?? source.trim();
  const parts = expanded.split(/\s+/);
  if (parts.length !== 5)
    throw new CronError(
      `"${source}" is not a cron expression: use five fields "minute hour day month weekday" in UTC, e.g. "0 9 * * 1" (Mondays 09:00).`,
    );
  const sets = parts.map((p, i) => parseField(p, FIELDS[i]!, NAMES[i]!));
  if (sets[4]!.has(7)) sets[4]!.add(0);
  return { source, sets, domStar: parts[2] === '*', dowStar: parts[4] === '*' };
}

function dayMatches(c: Cron, d: Date): boolean {
  const dom = c.sets[2]!.has(d.getUTCDate());
  const dow = c.sets[4]!.has(d.getUTCDay());
  if (c.domStar && c.dowStar) return true;
  if (c.domStar) return dow;
  if (c.dowStar) return dom;
  return dom || dow;
}

/** The first time strictly after `after` that matches (searches up to ~4 years ahead). */
export function nextRun(c: Cron, after: Date): Date {
  const d = new Date(after.getTime());
  d.setUTCSeconds(0, 0);
  d.setUTCMinutes(d.getUTCMinutes() + 1);
  const limit = after.getTime() + 4 * 366 * 86_400_000;
  while (d.getTime() <= limit) {
    if (!c.sets[3]!.has(d.getUTCMonth() + 1)) {
      d.setUTCMonth(d.getUTCMonth() + 1, 1);
      d.setUTCHours(0, 0);
      continue;
    }
    if (!dayMatches(c, d)) {
      d.setUTCDate(d.getUTCDate() + 1);
      d.setUTCHours(0, 0);
      continue;
    }
    if (!c.sets[1]!.has(d.getUTCHours())) {
      d.setUTCHours(d.getUTCHours() + 1, 0);
      continue;
    }
    if (!c.sets[0]!.has(d.getUTCMinutes())) {
      d.setUTCMinutes(d.getUTCMinutes() + 1);
      continue;
    }
    return d;
  }
  throw new CronError(`"${c.source}" never matches (e.g. 31 February).`);
}
