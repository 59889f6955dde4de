/**
 * `trailhound demo` and `trailhound ask --evidence evidence/demo` read the folder through the same
 * context: the same known-bad networks (evidence/demo/known-bad-ips.txt), the same answer to the
 * same question.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_QUESTIONS } from '../../src/cli/commands/demo';
import { cliEnvironment, runCli } from '../helpers/cli';

const env = cliEnvironment('th-demo-');
afterAll(() => env.restore());

const IP_QUESTION = 'What happened from 185.220.101.34?';

describe('trailhound demo and ask --evidence evidence/demo', () => {
  it('answer the same question identically, both flagging the Tor exit from the one known-bad list', async () => {
    expect(DEMO_QUESTIONS).toContain(IP_QUESTION);
    const demo = await runCli('demo', '--json');
    expect(demo.code).toBe(0);
    const fromDemo = JSON.parse(demo.stdout).answers.find((a: any) => a.question === IP_QUESTION).answer;
    const asked = await runCli('ask', '--evidence', 'evidence/demo', '--json', IP_QUESTION);
    expect(asked.code).toBe(0);
    const fromAsk = JSON.parse(asked.stdout);
    expect(fromAsk.text).toBe(fromDemo.text);
    const data = (a: any) => a.toolRuns.find((t: any) => t.name === 'cloudtrail_search').result.data;
    expect(data(fromAsk).timeline).toEqual(data(fromDemo).timeline);
    expect(fromAsk.text).toMatch(
      /Known-bad source IP\(s\): 185\.220\.101\.34 \(known-bad-ips\.txt: 185\.220\.101\.0\/24 tor-exit\)/,
    );
    expect(data(fromAsk).timeline.some((e: any) => /known-bad network/i.test(e.what))).toBe(true);
  });

  it('prints every time in one short format (2026-11-23 09:00Z) and keeps ISO in --json', async () => {
    const human = await runCli('demo');
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('as of 2026-11-23 09:00Z');
    // No ISO timestamps and no time without its zone in the human output.
    expect(human.stdout).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
    expect(human.stdout).not.toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d(?!Z)/);
    expect(human.stdout).toMatch(/2026-11-20 10:02Z/);
    const json = await runCli('demo', '--json');
    expect(JSON.parse(json.stdout).asOf).toBe('2026-11-23T09:00:00.000Z');
  });
});
