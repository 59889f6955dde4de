/** `trailhound ask --chart out.png`: the investigation timeline written as a PNG from the CLI. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pngSize } from '../../src/charts/render';
import { cliEnvironment, runCli as cli } from '../helpers/cli';

const env = cliEnvironment('th-chart-');
afterAll(() => env.restore());

describe('ask --chart', () => {
  it('writes the timeline of the answer’s CloudTrail search as a PNG of the expected size', async () => {
    const out = join(env.dataDir, 'timeline.png');
    const r = await cli(
      'ask',
      'what did AKIAIOSFODNN7EXAMPLE do this week?',
      '--evidence',
      'evidence/demo',
      '--chart',
      out,
      '--json',
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`Timeline chart written to ${out}.`);
    // The chart draws what the search counted: 70 events of one key, by source IP.
    const activity = JSON.parse(r.stdout).toolRuns[0].result.activity;
    expect(activity.by).toBe('sourceIp');
    expect(activity.buckets.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(70);
    expect(new Set(activity.buckets.map((b: { series: string }) => b.series))).toEqual(
      new Set(['203.0.113.10', '185.220.101.34']),
    );
    expect(activity.marks.some((m: { severity: string }) => m.severity === 'critical')).toBe(true);
    const size = pngSize(readFileSync(out));
    // 640×240 plot, title, axes and legend, drawn at 2×.
    expect(size!.width).toBeGreaterThan(1400);
    expect(size!.width).toBeLessThan(2600);
    expect(size!.height).toBeGreaterThan(550);
    expect(size!.height).toBeLessThan(800);
  });

  it('writes nothing and exits 1 when the answer has no CloudTrail events to draw', async () => {
    const out = join(env.dataDir, 'none.png');
    const r = await cli('ask', 'who can become admin?', '--evidence', 'evidence/demo', '--chart', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/No chart written: the answer ran no CloudTrail search that found events\./);
    expect(existsSync(out)).toBe(false);
  });
});
