import { describe, expect, it } from 'vitest';
import { CronError, nextRun, parseCron } from '../../src/scheduler/cron';

const next = (expr: string, after: string) => nextRun(parseCron(expr), new Date(after)).toISOString();

describe('cron', () => {
  it.each([
    ['0 9 * * 1', '2026-11-23T08:59:30Z', '2026-11-23T09:00:00.000Z'], // Monday
    ['0 9 * * 1', '2026-11-23T09:00:00Z', '2026-11-30T09:00:00.000Z'],
    ['*/15 * * * *', '2026-11-23T10:07:00Z', '2026-11-23T10:15:00.000Z'],
    ['30 8 1 * *', '2026-11-23T00:00:00Z', '2026-12-01T08:30:00.000Z'],
    ['0 0 * * sun', '2026-11-23T00:00:00Z', '2026-11-29T00:00:00.000Z'],
    ['0 0 * * 7', '2026-11-23T00:00:00Z', '2026-11-29T00:00:00.000Z'],
    ['0 12 * dec mon-fri', '2026-11-23T00:00:00Z', '2026-12-01T12:00:00.000Z'],
    ['@daily', '2026-12-31T23:59:00Z', '2027-01-01T00:00:00.000Z'],
    ['0 0 29 2 *', '2026-03-01T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['0 6 13 * 5', '2026-11-23T00:00:00Z', '2026-11-27T06:00:00.000Z'], // either the 13th or a Friday
  ])('%s after %s → %s', (expr, after, want) => expect(next(expr, after)).toBe(want));

  it.each(['', '* * *', '60 * * * *', '* 24 * * *', '5-1 * * * *', '*/0 * * * *', 'x * * * *'])(
    'rejects %j with an explanation',
    (expr) => {
      expect(() => parseCron(expr)).toThrow(CronError);
    },
  );
  it('explains the format', () => expect(() => parseCron('daily')).toThrow(/five fields .*UTC/));
  it('reports expressions that never match', () =>
    expect(() => next('0 0 31 2 *', '2026-01-01T00:00:00Z')).toThrow(/never matches/));
});
