/** `accounts add|update --scan-every` and what `accounts list` shows (in-process, embedded DB). */
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnvironment, runCli as cli } from '../helpers/cli';

const env = cliEnvironment('th-scan-every-cli-');
afterAll(() => env.restore());

describe('accounts --scan-every', { timeout: 300_000 }, () => {
  it('defaults to 24h, takes hours or cron, and refuses anything else with a usage error', async () => {
    expect((await cli('accounts', 'add', 'prod', '--account-id', '123456789012')).code).toBe(0);
    expect((await cli('accounts', 'add', 'dev', '--account-id', '210987654321', '--scan-every', '4h')).code).toBe(0);
    const bad = await cli('accounts', 'add', 'x', '--account-id', '111111111111', '--scan-every', 'daily');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/neither an interval \(1h, 4h, 24h\) nor a cron expression/);
    const up = await cli('accounts', 'update', 'prod', '--scan-every', '0 */6 * * *', '--json');
    expect(JSON.parse(up.stdout)).toMatchObject({ ok: true, scanEvery: '0 */6 * * *', nextScanAt: null });
    expect((await cli('accounts', 'update', 'nope', '--scan-every', '1h')).code).toBe(1);
    const list = JSON.parse((await cli('accounts', 'list', '--json')).stdout);
    expect(Object.fromEntries(list.map((a: { name: string; scanEvery: string }) => [a.name, a.scanEvery]))).toEqual({
      dev: '4h',
      prod: '0 */6 * * *',
    });
    expect((await cli('accounts', 'list')).stdout).toMatch(/dev .* scan every 4h/);
  });
});
