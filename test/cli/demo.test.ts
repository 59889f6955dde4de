/**
 * `trailhound demo` offline: every question answered by a tool that succeeded. It and `trailhound
 * ask --evidence evidence/demo` read the folder through the same context: the same known-bad
 * networks (evidence/demo/known-bad-ips.txt), the same answer to the same question.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_QUESTIONS } from '../../src/cli/commands/demo';
import { type CliRun, cliEnvironment, runCli } from '../helpers/cli';

const env = cliEnvironment('th-demo-');
afterAll(() => env.restore());

// `demo --json` is run once for the file's tests: seven questions over fixed evidence at the
// evidence's own clock give the same output every run (each run cost ~1 CPU-s).
let demoJson: Promise<CliRun> | undefined;
const demoJsonRun = (): Promise<CliRun> => (demoJson ??= runCli('demo', '--json'));

const IP_QUESTION = 'What happened from 185.220.101.34?';

describe('trailhound demo and ask --evidence evidence/demo', () => {
  it('runs the demo offline: every question answered by a tool that succeeded', async () => {
    const r = await demoJsonRun();
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.asOf).toBe('2026-11-23T09:00:00.000Z');
    expect(out.answers.length).toBeGreaterThanOrEqual(2);
    for (const a of out.answers) {
      expect(a.answer.mode).toBe('offline');
      expect(a.answer.toolRuns.length, a.question).toBeGreaterThan(0);
      expect(
        a.answer.toolRuns.every((t: any) => t.ok),
        a.question,
      ).toBe(true);
    }
    expect(out.answers[0].answer.text).toMatch(/185\.220\.101\.34/);
  });

  it('answer the same question identically, both flagging the Tor exit from the one known-bad list', async () => {
    expect(DEMO_QUESTIONS).toContain(IP_QUESTION);
    const demo = await demoJsonRun();
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
    const json = await demoJsonRun();
    expect(JSON.parse(json.stdout).asOf).toBe('2026-11-23T09:00:00.000Z');
  });
});
