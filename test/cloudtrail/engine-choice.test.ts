/** Which engine answers a question (pure), each rule with a case that must pick SQL and a near miss. */
import { describe, expect, it } from 'vitest';
import { chooseEngine, MANY_ACCOUNTS } from '../../src/cloudtrail/engine-choice';

const now = new Date('2025-03-15T00:00:00Z');
const last = (hours: number) => ({ start: new Date(now.getTime() - hours * 3_600_000), end: now });

describe('chooseEngine', () => {
  it('the last hours of one account with an indexed filter: LookupEvents, and says why', () => {
    const c = chooseEngine({ ...last(6), filters: { accessKeyId: 'AKIAI44QH8DHBEXAMPLE' }, accounts: 1 }, now);
    expect(c.engine).toBe('lookup');
    expect(c.why).toMatch(/6 h\) is within LookupEvents' 90 days, one account, and AccessKeyId is indexed/);
  });

  it('a window starting beyond 90 days: SQL (89 days: not)', () => {
    expect(chooseEngine({ ...last(24 * 91), accounts: 1 }, now)).toMatchObject({
      engine: 'sql',
      why: expect.stringMatching(/91 days ago, beyond LookupEvents' 90/),
    });
    expect(chooseEngine({ ...last(24 * 89), filters: { userName: 'bob' } }, now).engine).toBe('lookup');
  });

  it('data events: SQL (a management event name: not)', () => {
    expect(chooseEngine({ ...last(2), filters: { eventNames: ['GetObject'] } }, now)).toMatchObject({
      engine: 'sql',
      why: 'GetObject is a data event, which LookupEvents does not return',
    });
    expect(chooseEngine({ ...last(2), filters: { eventNames: ['PutBucketPolicy'] } }, now).engine).toBe('lookup');
  });

  it(`${MANY_ACCOUNTS}+ accounts: SQL (${MANY_ACCOUNTS - 1}: not)`, () => {
    expect(chooseEngine({ ...last(2), accounts: MANY_ACCOUNTS, filters: { userName: 'bob' } }, now).engine).toBe('sql');
    expect(chooseEngine({ ...last(2), accounts: MANY_ACCOUNTS - 1, filters: { userName: 'bob' } }, now).engine).toBe(
      'lookup',
    );
  });

  it('only filters LookupEvents cannot index: SQL (with an indexed one too: not)', () => {
    expect(chooseEngine({ ...last(2), filters: { sourceIp: '203.0.113.7' } }, now)).toMatchObject({
      engine: 'sql',
      why: expect.stringMatching(/sourceIp\) is a LookupEvents attribute/),
    });
    expect(chooseEngine({ ...last(2), filters: { sourceIp: '203.0.113.7', userName: 'bob' } }, now).engine).toBe(
      'lookup',
    );
  });
});
