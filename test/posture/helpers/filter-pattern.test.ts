/** CloudWatch Logs JSON filter patterns: parsed, then judged by what they match. */
import { describe, expect, it } from 'vitest';
import { CIS_ALARMS, judgeFilter, logGroupOf } from '../../../src/posture/helpers/cis-alarms';
import { FilterPatternError, matchesPattern, parseFilterPattern } from '../../../src/posture/helpers/filter-pattern';

const m = (p: string, e: unknown) => matchesPattern(parseFilterPattern(p), e);

describe('filter patterns', () => {
  it('ignores whitespace, quoting and term order', () => {
    const e = { eventName: 'StopLogging', eventSource: 'cloudtrail.amazonaws.com' };
    for (const p of [
      '{($.eventName=StopLogging)||($.eventName=StartLogging)}',
      '{ ( $.eventName = "StartLogging" ) ||\n ( $.eventName = "StopLogging" ) }',
      '{ $.eventSource = cloudtrail.amazonaws.com && ($.eventName = StartLogging || $.eventName = StopLogging) }',
    ])
      expect(m(p, e), p).toBe(true);
  });

  it('binds && tighter than ||, and supports wildcards, regex, NOT EXISTS, IS NULL and numbers', () => {
    expect(m('{ $.a = 1 || $.b = 2 && $.c = 3 }', { a: 1 })).toBe(true);
    expect(m('{ ($.a = 1 || $.b = 2) && $.c = 3 }', { a: 1 })).toBe(false);
    expect(m('{ $.errorCode = "*UnauthorizedOperation" }', { errorCode: 'Client.UnauthorizedOperation' })).toBe(true);
    expect(m('{ $.errorCode = AccessDenied* }', { errorCode: 'AccessDeniedException' })).toBe(true);
    expect(m('{ $.eventName = %^Delete(Trail|Bucket)$% }', { eventName: 'DeleteTrail' })).toBe(true);
    expect(m('{ $.userIdentity.invokedBy NOT EXISTS }', { userIdentity: { type: 'Root' } })).toBe(true);
    expect(m('{ $.userIdentity.invokedBy NOT EXISTS }', { userIdentity: { invokedBy: 'x' } })).toBe(false);
    expect(m('{ $.errorCode IS NULL }', { errorCode: null })).toBe(true);
    expect(m('{ $.resources[0].type = "AWS::KMS::Key" }', { resources: [{ type: 'AWS::KMS::Key' }] })).toBe(true);
    expect(m('{ $.latency > 500 }', { latency: 700 })).toBe(true);
    // A comparison on a missing field does not match, even with !=.
    expect(m('{ $.additionalEventData.MFAUsed != "Yes" }', {})).toBe(false);
  });

  it('rejects what is not a JSON filter pattern', () => {
    for (const p of ['ConsoleLogin', '{ $.eventName = }', '{ eventName = X }', '{ $.a = "x }', '{ ($.a = 1 }'])
      expect(() => parseFilterPattern(p), p).toThrow(FilterPatternError);
  });
});

describe('CIS 4.x controls', () => {
  it('each recommended pattern matches its events and none of its benign ones', () => {
    for (const c of CIS_ALARMS) expect(judgeFilter(c, { filterPattern: c.pattern }), c.key).toEqual({ ok: true });
  });

  it('names the events a filter misses, and refuses a catch-all', () => {
    const ct = CIS_ALARMS.find((c) => c.key === 'cloudtrail-changes')!;
    expect(
      judgeFilter(ct, { filterPattern: '{ ($.eventName = CreateTrail) || ($.eventName = DeleteTrail) }' }),
    ).toEqual({
      ok: false,
      missing: ['UpdateTrail', 'StartLogging', 'StopLogging'],
      overbroad: [],
    });
    expect(judgeFilter(ct, { filterPattern: '{ $.eventName = * }' })).toMatchObject({
      ok: false,
      missing: [],
      overbroad: ['DescribeInstances', 'ListTopics'],
    });
    expect(judgeFilter(ct, { filterPattern: 'StopLogging' })).toMatchObject({ ok: false, error: expect.any(String) });
  });

  it('reads the log group and region from the trail’s CloudWatchLogsLogGroupArn', () => {
    expect(logGroupOf('arn:aws:logs:eu-west-1:123456789012:log-group:CloudTrail/org:*')).toEqual({
      region: 'eu-west-1',
      name: 'CloudTrail/org',
    });
    expect(logGroupOf('not-an-arn')).toBeUndefined();
  });
});
