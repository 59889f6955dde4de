/**
 * The exit codes every command shares (src/cli/exit-codes.ts): 2 for usage errors, 1 when no answer
 * was produced, 4 when a result is incomplete, 3 for `scan --fail-on`.
 */
import nock from 'nock';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { PostureScanData } from '../../tools/posture-scan';
import { answerExitCode } from '../../src/cli/commands/ask';
import { collectExitCode } from '../../src/cli/commands/collect';
import { scanExitCode, scanGaps } from '../../src/cli/commands/scan';
import { EXIT } from '../../src/cli/exit-codes';
import { cliEnvironment, runCli as cli } from '../helpers/cli';
import { wireJson } from '../helpers/fixtures';

const env = cliEnvironment('th-exit-');
afterAll(() => env.restore());
afterEach(() => nock.cleanAll());

describe('usage errors exit 2', () => {
  it('unknown command, unknown option, missing option', async () => {
    const cmd = await cli('nosuch');
    expect(cmd.code).toBe(2);
    expect(cmd.stderr).toMatch(/unknown command 'nosuch'/);
    const opt = await cli('tools', '--bogus');
    expect(opt.code).toBe(2);
    expect(opt.stderr).toMatch(/unknown option '--bogus'/);
    const missing = await cli('schedules', 'add', 'weekly', '--channel', 'C0123456789');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--cron/);
  });

  it('help and version still exit 0, and the help lists the exit codes', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Exit codes: 0 done · 1 failed .* 2 usage error .* 3 scan --fail-on .* 4 incomplete/s);
    expect((await cli('--version')).code).toBe(0);
  });

  it('unknown tool, bad JSON and input the tool refuses', async () => {
    const unknown = await cli('tool', 'no_such_tool', '{}');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown tool "no_such_tool"/);
    const json = await cli('tool', 'cloudtrail_search', '{bad', '--evidence', 'evidence/demo');
    expect(json.code).toBe(2);
    const refused = await cli('tool', 'cloudtrail_search', '{"max_events":"lots"}', '--evidence', 'evidence/demo');
    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.stdout).error).toBeTruthy();
  });

  it('bad cron, bad channel, bad --since', async () => {
    const cron = await cli('schedules', 'add', 'weekly', '--cron', '61 9 * * 1', '--channel', 'C0123456789');
    expect(cron.code).toBe(2);
    const channel = await cli('schedules', 'add', 'weekly', '--cron', '0 9 * * 1', '--channel', 'general');
    expect(channel.code).toBe(2);
    const since = await cli('collect', '--account', 'prod', '--out', '/tmp/th-none', '--since', 'forever');
    expect(since.code).toBe(2);
  });

  it('a usage error never opens the database: exit 2 with its own message where no database can be reached', async () => {
    // Nothing listens on port 1: a command that opened the database first would exit 1 ("Could not migrate").
    vi.stubEnv('DATABASE_URL', 'postgres://trailhound@127.0.0.1:1/none');
    const usage: [string[], RegExp][] = [
      [['collect', '--account', 'prod', '--out', '/tmp/th-none', '--since', 'forever'], /--since/],
      [
        ['collect', '--account', 'prod', '--out', '/tmp/th-none', '--regions', 'us-east-1,mars'],
        /Not a region name: mars/,
      ],
      [['collect', '--account', 'prod', '--out', '/tmp/th-none', '--max-events', 'many'], /--max-events/],
      [['accounts', 'add', 'x', '--account-id', '111111111111', '--scan-every', 'daily'], /nor a cron expression/],
      [['accounts', 'update', 'x', '--scan-every', 'daily'], /nor a cron expression/],
      [['accounts', 'test'], /Name an account, or use --all/],
      [['accounts', 'trust-policy', '--format', 'yaml'], /--format must be one of/],
      [['inventory', '--type', 'bucket'], /AWS::Service::Resource/],
      [['scans', '--limit', '0'], /--limit/],
      [['scan', '--fail-on', 'severe'], /--fail-on must be/],
      [['findings', '--status', 'maybe'], /--status must be open, resolved or all/],
      [['proposals', '--status', 'maybe'], /--status must be one of/],
      [['audit', '--limit', '0'], /--limit/],
      [['schedules', 'add', 'weekly', '--cron', '61 9 * * 1', '--channel', 'C0123456789'], /./],
      [['worker', '--concurrency', '0'], /--concurrency/],
    ];
    for (const [args, message] of usage) {
      const r = await cli(...args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr, args.join(' ')).not.toMatch(/Could not migrate/);
    }
  });
});

describe('ask exits non-zero when no answer was produced', () => {
  it('an Anthropic API failure exits 1 and says why', async () => {
    process.env.ANTHROPIC_API_KEY = 'sk-ant-test';
    try {
      nock('https://api.anthropic.com')
        .post('/v1/messages')
        .reply(401, wireJson('anthropic/error-authentication.json'));
      const r = await cli('ask', 'what did AKIAIOSFODNN7EXAMPLE do?', '--evidence', 'evidence/demo');
      expect(r.code).toBe(EXIT.error);
      expect(r.stderr).toMatch(/No answer \(exit 1\): the Anthropic API rejected the key/);
    } finally {
      process.env.ANTHROPIC_API_KEY = '';
    }
  });

  /** Claude's turns for one question: each tool_use input in order (cloudtrail_search), then a final text. */
  function claudeTurns(inputs: object[]): void {
    const scope = nock('https://api.anthropic.com');
    inputs.forEach((input, i) => {
      const m = wireJson('anthropic/message-tool-use.json') as { content: { type: string }[] };
      const use = { type: 'tool_use', id: `toolu_0${i}`, name: 'cloudtrail_search', input };
      scope.post('/v1/messages').reply(200, { ...m, content: [m.content[0], use] });
    });
    scope.post('/v1/messages').reply(200, wireJson('anthropic/message-final.json'));
  }

  it('a tool that failed and was not run again makes the answer partial (4), naming the tool', async () => {
    process.env.ANTHROPIC_API_KEY = 'sk-ant-test';
    try {
      claudeTurns([{ access_key_id: 'AKIAIOSFODNN7EXAMPLE', last: 'forever' }]);
      const r = await cli('ask', 'what did AKIAIOSFODNN7EXAMPLE do?', '--evidence', 'evidence/demo');
      expect(r.code).toBe(EXIT.partial);
      expect(r.stderr).toMatch(/Partial answer \(exit 4\): cloudtrail_search failed: /);
      expect(nock.isDone()).toBe(true);
    } finally {
      process.env.ANTHROPIC_API_KEY = '';
    }
  });

  it('a failed call the model corrected (bad input, then a good one) leaves a whole answer (0)', async () => {
    process.env.ANTHROPIC_API_KEY = 'sk-ant-test';
    try {
      claudeTurns([
        { access_key_id: 'AKIAIOSFODNN7EXAMPLE', last: 'forever' },
        { access_key_id: 'AKIAIOSFODNN7EXAMPLE' },
      ]);
      const r = await cli('ask', 'what did AKIAIOSFODNN7EXAMPLE do?', '--evidence', 'evidence/demo');
      expect(r.stderr).not.toMatch(/failed/);
      expect(r.code).toBe(0);
      expect(nock.isDone()).toBe(true);
    } finally {
      process.env.ANTHROPIC_API_KEY = '';
    }
  });

  it('maps partial and failed answers to their codes', () => {
    const run = [{ id: 't1', name: 'cloudtrail_search', input: {}, ok: true, summary: '', durationMs: 1 }];
    expect(answerExitCode({ partial: false, toolRuns: run })).toBe(0);
    expect(answerExitCode({ partial: true, toolRuns: run })).toBe(4);
    expect(answerExitCode({ partial: true, toolRuns: [] })).toBe(1);
    expect(answerExitCode({ partial: true, toolRuns: run, apiError: 'the Anthropic API is overloaded' })).toBe(1);
    // A tool that ran but could not read a region: whoever wrote the answer, it is incomplete (4).
    const unread = [
      {
        ...run[0]!,
        result: {
          summary: 'Could not search CloudTrail…',
          data: {},
          sources: [],
          warnings: [],
          unread: [{ account: 'prod', region: 'eu-west-1', api: 'cloudtrail:LookupEvents', reason: 'Access denied' }],
        },
      },
    ];
    expect(answerExitCode({ partial: false, toolRuns: unread })).toBe(4);
    expect(
      answerExitCode({ partial: false, toolRuns: [{ ...unread[0]!, result: { ...unread[0]!.result, unread: [] } }] }),
    ).toBe(0);
  });

  it('a question the offline planner does not understand exits 1, and stderr says 1 (not "exit 4")', async () => {
    const r = await cli('ask', 'which colour is the sky?', '--evidence', 'evidence/demo');
    expect(r.code).toBe(EXIT.error);
    expect(r.stdout).toMatch(/Questions I understand offline/);
    expect(r.stderr).toMatch(/No answer \(exit 1\): no tool was run/);
    expect(r.stderr).not.toMatch(/exit 4/);
  });

  it('the offline demo answer exits 0', async () => {
    const r = await cli('ask', 'what did AKIAIOSFODNN7EXAMPLE do?', '--evidence', 'evidence/demo');
    expect(r.code).toBe(0);
  });
});

describe('collect and scan name what they could not read', () => {
  it('collect exits 4 when a part was not collected, 1 when nothing was', () => {
    const read = {
      cloudtrail: [{ region: 'eu-west-1', events: 12, files: ['a.json.gz'] }],
      iam: { files: ['iam/x.json'] },
      regional: { files: [] },
      s3: { files: [] },
    };
    expect(collectExitCode({ ...read, notCollected: [] })).toBe(0);
    expect(collectExitCode({ ...read, notCollected: ['s3/*: AccessDenied'] })).toBe(4);
    // CloudTrail failed in the region but IAM was read: incomplete, not nothing.
    const trailDenied = { region: 'eu-west-1', events: 0, files: ['a.json.gz'], error: 'AccessDenied' };
    expect(
      collectExitCode({ ...read, cloudtrail: [trailDenied], notCollected: ['cloudtrail eu-west-1: AccessDenied'] }),
    ).toBe(4);
    // Every part failed (the role could not be assumed): nothing read, exit 1.
    expect(
      collectExitCode({
        cloudtrail: [trailDenied],
        iam: { files: [] },
        regional: { files: [] },
        s3: { files: [] },
        notCollected: ['iam/*: denied', 'cloudtrail eu-west-1: denied'],
      }),
    ).toBe(1);
    // A quiet region (no events, no error) with nothing else read is not "every part failed".
    expect(
      collectExitCode({
        cloudtrail: [{ region: 'eu-west-1', events: 0, files: [] }],
        iam: { files: [] },
        regional: { files: [] },
        s3: { files: [] },
        notCollected: ['iam/*: denied'],
      }),
    ).toBe(4);
  });

  const account = (name: string, status: 'complete' | 'partial' | 'failed', crit = 0) =>
    ({
      account: name,
      accountId: '123456789012',
      status,
      bySeverity: { critical: crit, high: 0, medium: 0, low: 0 },
      findings: crit,
      cis: [],
      rulesChecked: 10,
      rulesPartial: status === 'partial' ? ['sg-open-ssh'] : [],
      rulesNotChecked: status === 'partial' ? [{ id: 'iam-root-mfa', missing: ['iam.credentialReport'] }] : [],
    }) as PostureScanData['accounts'][number];
  const data = (accounts: PostureScanData['accounts']): PostureScanData =>
    ({
      accounts,
      totals: {
        critical: accounts.reduce((n, a) => n + a.bySeverity.critical, 0),
        high: 0,
        medium: 0,
        low: 0,
      },
      topRules: [],
      topFindings: [],
    }) as unknown as PostureScanData;

  it('scan: 0 complete, 4 partial (parts named), 1 nothing read, 3 over the threshold', () => {
    expect(scanExitCode(data([account('prod', 'complete')]))).toBe(0);
    const partial = data([account('prod', 'complete'), account('dev', 'partial')]);
    expect(scanGaps(partial)).toEqual([
      'dev: partial — iam-root-mfa not checked (iam.credentialReport), sg-open-ssh partly checked',
    ]);
    expect(scanExitCode(partial)).toBe(4);
    expect(scanExitCode(partial, 'critical')).toBe(4);
    expect(scanExitCode(data([account('prod', 'failed')]), 'high')).toBe(1);
    expect(scanExitCode(data([account('prod', 'partial', 2)]), 'critical')).toBe(3);
  });
});
