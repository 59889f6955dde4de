/** `trailhound scan` and `trailhound findings` as a user runs them (in-process main(argv), embedded DB). */
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnvironment, runCli as cli } from '../helpers/cli';

const env = cliEnvironment('th-scan-cli-');
afterAll(() => env.restore());

describe('trailhound scan / findings', { timeout: 300_000 }, () => {
  it('scans the evidence folder, stores it, and lists the stored findings', async () => {
    const scan = await cli('scan', '--evidence', 'evidence/demo', '--json');
    expect(scan.code).toBe(0);
    const out = JSON.parse(scan.stdout);
    expect(out.data.accounts[0]).toMatchObject({ account: 'demo-prod', status: 'complete' });
    const total = out.data.accounts[0].findings;

    const crit = await cli('findings', '--severity', 'critical', '--json');
    expect(crit.code).toBe(0);
    const f = JSON.parse(crit.stdout);
    expect(f.total).toBe(out.data.totals.critical);
    expect(f.findings.every((x: any) => x.severity === 'critical' && x.status === 'open')).toBe(true);
    expect(f.findings.map((x: any) => x.resource)).toContain('arn:aws:iam::123456789012:role/OpenRole');

    const table = (await cli('findings', '--severity', 'critical')).stdout;
    expect(table).toMatch(/^SEVERITY +STATUS +ACCOUNT +RULE +SINCE +FINDING\n-+ /);
    expect(table).toMatch(/\n‼ critical +open +demo-prod +\S+ +\d{4}-\d\d-\d\d +\S/);
    const all = JSON.parse((await cli('findings', '--json', '--limit', '1000')).stdout);
    expect(all.total).toBe(total);

    const text = await cli('scan', '--evidence', 'evidence/demo');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/demo-prod \(123456789012\) — complete/);
    expect(text.stdout).toMatch(/since last scan: 0 new, 0 reopened, 0 resolved/);
    expect(text.stdout).toMatch(/CIS v3\.0: 1 Identity and Access Management \d+%/);
  });

  it('gates CI with --fail-on and exports the stored history as SARIF and CSV', { timeout: 400_000 }, async () => {
    // Its own stored scan of the demo (the same findings again if the first test stored one already).
    expect((await cli('scan', '--evidence', 'evidence/demo', '--json')).code).toBe(0);
    const gate = await cli('scan', '--evidence', 'evidence/demo', '--no-store', '--fail-on', 'critical', '--json');
    expect(gate.code).toBe(3);
    expect(gate.stderr).toMatch(/--fail-on critical: \d+ critical finding/);
    const total = JSON.parse(gate.stdout).data.accounts[0].findings;
    const sarif = JSON.parse((await cli('findings', '--format', 'sarif')).stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results).toHaveLength(total);
    expect(sarif.runs[0].results.map((r: any) => r.locations[0].logicalLocations[0].fullyQualifiedName)).toContain(
      'arn:aws:s3:::demo-prod-web-assets',
    );
    const csv = (await cli('findings', '--format', 'csv')).stdout.trimEnd().split('\r\n');
    expect(csv).toHaveLength(total + 1);
  });

  it('rejects bad flags with an actionable message', async () => {
    const r = await cli('findings', '--severity', 'urgent');
    expect(r.code).toBe(2);
    expect(r.stderr + r.stdout).toMatch(/critical, high, medium or low/);
    const s = await cli('scan', '--account', 'x', '--evidence', 'evidence/demo');
    expect(s.code).toBe(2);
    expect(s.stderr + s.stdout).toMatch(/either --account or --evidence/);
    const f = await cli('findings', '--format', 'xml');
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/--format must be one of csv, json, ocsf, sarif/);
  });
});
