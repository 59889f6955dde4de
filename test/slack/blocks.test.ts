/** Block Kit builders: Slack's limits hold for any input, and nothing from AWS or the model can inject mentions or links. */
import { describe, expect, it } from 'vitest';
import type { AgentAnswer, ToolRun } from '../../src/agent/types';
import { answerView, segments, suggestsRemediation, tableFields } from '../../src/slack/blocks/answer';
import { approvalCard, type CardProposal, decisionNotice, rejectModal } from '../../src/slack/blocks/approval-card';
import type { Block } from '../../src/slack/blocks/common';
import { homeView } from '../../src/slack/blocks/home';
import { code, esc, markdownToMrkdwn } from '../../src/slack/escape';
import { ACTION } from '../../src/slack/ids';
import { LIMITS, splitText } from '../../src/slack/limits';
import { personalise, questionText } from '../../src/slack/question-text';

const EVIL = 'aws-cli/2.0 <!channel> <@U0ADMIN> <https://evil.example|click here> @here & @everyone <#C0GENERAL>';

/** Every mrkdwn/plain text in a block list, recursively. */
function texts(blocks: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(blocks);
  return out;
}

/** Asserts Slack's documented limits on one message's blocks. */
function assertLimits(blocks: Block[]): void {
  expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
  for (const b of blocks as any[]) {
    if (b.type === 'section') {
      if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
      if (b.fields) {
        expect(b.fields.length).toBeLessThanOrEqual(LIMITS.sectionFields);
        for (const f of b.fields) expect(f.text.length).toBeLessThanOrEqual(LIMITS.fieldText);
      }
      expect(b.text || b.fields).toBeTruthy();
    }
    if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.headerText);
    if (b.type === 'context') {
      expect(b.elements.length).toBeLessThanOrEqual(LIMITS.contextElements);
      for (const e of b.elements) expect(e.text.length).toBeLessThanOrEqual(LIMITS.contextText);
    }
  }
}

function noInjection(all: string[]): void {
  for (const t of all) {
    expect(t).not.toMatch(/<!channel>|<!here>|<!everyone>/);
    expect(t).not.toContain('<@U0ADMIN>');
    expect(t).not.toContain('<https://evil');
    expect(t).not.toContain('<#C0GENERAL>');
    expect(t).not.toMatch(/(^|[^\u200b])@(here|everyone|channel)\b/);
  }
}

const run = (over: Partial<ToolRun> = {}): ToolRun => ({
  id: 't1',
  name: 'cloudtrail_search',
  input: {},
  ok: true,
  summary: 'ok',
  durationMs: 1200,
  result: {
    summary: 'ok',
    data: { query: { window: { start: '2026-11-16T09:00:00.000Z', end: '2026-11-23T09:00:00.000Z' } } },
    sources: [
      { account: 'prod', region: 'us-east-1', api: 'cloudtrail:LookupEvents', calls: 3 },
      { account: 'prod', region: 'eu-west-1', api: 'cloudtrail:LookupEvents', calls: 1 },
    ],
    warnings: [],
  },
  ...over,
});

const answer = (text: string, runs: ToolRun[] = [run()]): AgentAnswer => ({
  text,
  mode: 'claude',
  partial: false,
  toolRuns: runs,
  usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
});

const card = (over: Partial<CardProposal> = {}): CardProposal => ({
  id: 'prp_0123456789abcdef',
  kind: 'delete_access_key',
  title: 'Delete access key',
  summary: 'Delete access key AKIAI44QH8DHBEXAMPLE of IAM user bob (irreversible).',
  account: 'prod',
  accountId: '123456789012',
  region: null,
  reason: 'Key used from a TOR exit node',
  evidence: ['CreateUser from 185.220.101.7', `userAgent ${EVIL}`],
  confidence: 'high',
  permissions: ['iam:ListAccessKeys', 'iam:DeleteAccessKey'],
  risk: 'medium',
  reversal: null,
  requester: 'slack:U061F7AUR',
  createdAt: new Date('2026-11-23T09:00:00Z'),
  expiresAt: new Date('2026-11-23T09:30:00Z'),
  status: 'pending',
  requiredApprovals: 1,
  approvals: [],
  steps: [],
  ...over,
});

describe('escaping', () => {
  it('escapes &, <, > and breaks broadcast words so nothing becomes a mention or a link', () => {
    const s = esc(EVIL);
    expect(s).toBe(
      'aws-cli/2.0 &lt;!channel&gt; &lt;@U0ADMIN&gt; &lt;hxxps://evil[.]example|click here&gt; @\u200bhere &amp; @\u200beveryone &lt;#C0GENERAL&gt;',
    );
    noInjection([s, markdownToMrkdwn(EVIL), code(EVIL)]);
  });

  it('keeps code spans closed whatever the value contains', () => {
    expect(code('a`b<c>')).toBe('`aʼb&lt;c&gt;`');
    expect(code('')).toBe('`(empty)`');
  });

  it('converts the Markdown the model writes into mrkdwn after escaping', () => {
    expect(markdownToMrkdwn('## Findings\n**bold** and - item\n- bullet')).toBe(
      '*Findings*\n*bold* and - item\n• bullet',
    );
  });
});

describe('answer blocks', () => {
  it('puts AWS-controlled text through the escaper everywhere, including warnings and tables', () => {
    const text = `Key used by ${EVIL}\n\n| userAgent | calls |\n|---|---|\n| ${EVIL} | 12 |`;
    const v = answerView(answer(text, [run({ result: { ...run().result!, warnings: [`odd agent ${EVIL}`] } })]), {
      remediationAvailable: false,
    });
    noInjection(texts(v.messages.map((m) => m.blocks)));
    noInjection(v.messages.map((m) => m.text));
  });

  it('stays within Slack limits for a huge answer, splitting it across messages or attaching a file', () => {
    const para = (i: number) => `Paragraph ${i}: ${'event '.repeat(120)}`;
    const medium = Array.from({ length: 12 }, (_, i) => para(i)).join('\n\n');
    const v1 = answerView(answer(medium), { remediationAvailable: false });
    expect(v1.file).toBeUndefined();
    for (const m of v1.messages) assertLimits(m.blocks);
    // Nothing is lost when split: every paragraph appears.
    const joined = texts(v1.messages.map((m) => m.blocks)).join('\n');
    for (let i = 0; i < 12; i++) expect(joined).toContain(`Paragraph ${i}:`);

    const huge = Array.from({ length: 200 }, (_, i) => para(i)).join('\n\n');
    const v2 = answerView(answer(huge), { remediationAvailable: false });
    expect(v2.file?.content).toBe(huge);
    expect(v2.messages).toHaveLength(1);
    for (const m of v2.messages) assertLimits(m.blocks);
  });

  it('splits one unbroken 10,000-character line into sections of at most 3,000 characters', () => {
    const v = answerView(answer('x'.repeat(10_000)), { remediationAvailable: false });
    for (const m of v.messages) assertLimits(m.blocks);
    expect(
      texts(v.messages.map((m) => m.blocks))
        .join('')
        .replace(/[^x]/g, '').length,
    ).toBeGreaterThanOrEqual(10_000);
  });

  it('renders Markdown tables as fields (at most 10 per section)', () => {
    const rows = Array.from({ length: 12 }, (_, i) => `| Event${i} | ${i} |`).join('\n');
    const segs = segments(`Before\n| Event | Count |\n|---|---:|\n${rows}\nAfter`);
    expect(segs.map((s) => s.kind)).toEqual(['text', 'table', 'text']);
    const fields = tableFields((segs[1] as { rows: string[][] }).rows);
    expect(fields.slice(0, 4)).toEqual(['*Event*', '*Count*', 'Event0', '0']);
    const v = answerView(answer(`Before\n| Event | Count |\n|---|---:|\n${rows}\nAfter`), {
      remediationAvailable: false,
    });
    const fieldSections = (v.messages[0]!.blocks as any[]).filter((b) => b.fields);
    expect(fieldSections.length).toBe(3); // 26 fields → 10 + 10 + 6
    for (const m of v.messages) assertLimits(m.blocks);
  });

  it('shows the sources and the time window in a context block', () => {
    const v = answerView(answer('Done.'), { remediationAvailable: false });
    const ctx = texts((v.messages[0]!.blocks as any[]).filter((b) => b.type === 'context')).join(' ');
    expect(ctx).toContain('prod us-east-1 cloudtrail:LookupEvents (3 calls)');
    expect(ctx).toContain('prod eu-west-1 cloudtrail:LookupEvents (1 calls)');
    expect(ctx).toContain('*Time window:* 2026-11-16 09:00Z → 2026-11-23 09:00Z');
  });

  it('posts a long composed answer as a first sentence and one bullet per fact', () => {
    const summary =
      '12 events for bob from 2026-11-21 19:47Z to 2026-11-21 19:58Z (prod · us-east-1 · 2026-11-16 09:00Z → 2026-11-23 09:00Z). ' +
      'Critical/high: 2026-11-21 19:47Z Console sign-in without MFA by bob; 2026-11-21 19:50Z Access key created for another user by bob; 2026-11-21 19:52Z IAM user created by bob. ' +
      'Top: ConsoleLogin (1), ListAccessKeys (1). 0 failed calls. Read 12 events, matched 12.';
    const v = answerView({ ...answer(summary), composed: true }, { remediationAvailable: false });
    const lines = texts(v.messages[0]!.blocks as any[])
      .join('\n')
      .split('\n');
    expect(lines).toContain('• Critical/high:');
    expect(lines).toContain('    – 2026-11-21 19:50Z Access key created for another user by bob');
    expect(lines).toContain('• Top: ConsoleLogin (1), ListAccessKeys (1).');
    expect(lines).toContain('• Read 12 events, matched 12.');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(200);
  });

  it('says the time window once: no context line when the answer text already names it', () => {
    const v = answerView(answer('12 events (prod · 2026-11-16 09:00Z → 2026-11-23 09:00Z).'), {
      remediationAvailable: false,
    });
    const all = texts(v.messages[0]!.blocks as any[]).join('\n');
    expect(all.split('2026-11-16 09:00Z').length - 1).toBe(1);
    expect(all).not.toContain('*Time window:*');
    expect(all).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);
  });

  it('offers "Propose remediation" only when remediation is available and the answer suggests one', () => {
    const suggest = 'Recommended containment: deactivate the access key AKIA… and restart logging.';
    expect(suggestsRemediation(suggest)).toBe(true);
    expect(suggestsRemediation('No activity found.')).toBe(false);
    const button = (v: ReturnType<typeof answerView>) => JSON.stringify(v.messages).includes(ACTION.proposeRemediation);
    expect(button(answerView(answer(suggest), { remediationAvailable: true }))).toBe(true);
    expect(button(answerView(answer(suggest), { remediationAvailable: false }))).toBe(false);
    const proposed = answerView(
      answer(suggest, [
        run(),
        run({
          name: 'propose_delete_access_key',
          result: { summary: 'p', data: { proposalId: 'prp_0123456789abcdef' }, sources: [], warnings: [] },
        }),
      ]),
      { remediationAvailable: true },
    );
    expect(proposed.proposalIds).toEqual(['prp_0123456789abcdef']);
    expect(button(proposed)).toBe(false);
  });
});

describe('approval card', () => {
  it('shows action, target, account, evidence, confidence, IAM actions and expiry; buttons carry only the proposal id', () => {
    const c = approvalCard(card(), new Date('2026-11-23T09:01:00Z'));
    assertLimits(c.blocks);
    const all = texts(c.blocks).join('\n');
    for (const s of [
      'Approval needed: Delete access key',
      'AKIAI44QH8DHBEXAMPLE',
      'prod (123456789012)',
      'high',
      '`iam:DeleteAccessKey`',
      '2026-11-23 09:30Z',
      'CreateUser from 185.220.101.7',
      '<@U061F7AUR>',
    ])
      expect(all).toContain(s);
    noInjection(texts(c.blocks));
    const actions = (c.blocks as any[]).find((b) => b.type === 'actions');
    const [approve, reject] = actions.elements;
    expect(approve).toMatchObject({ action_id: ACTION.approve, style: 'primary', value: 'prp_0123456789abcdef' });
    expect(approve.confirm.confirm.text).toBe('Approve');
    expect(reject).toMatchObject({ action_id: ACTION.reject, value: 'prp_0123456789abcdef' });
  });

  it('after a decision: no buttons, who decided and when, the steps', () => {
    const done = approvalCard(
      card({
        status: 'succeeded',
        approvals: [{ by: 'slack:U0APPROVER1', at: '2026-11-23T09:05:00.000Z' }],
        steps: [{ title: 'Delete access key AKIAI44QH8DHBEXAMPLE', status: 'succeeded' }],
        outcome: 'Deleted access key AKIAI44QH8DHBEXAMPLE of bob (it was Active).',
      }),
    );
    expect((done.blocks as any[]).some((b) => b.type === 'actions')).toBe(false);
    const all = texts(done.blocks).join('\n');
    expect(all).toContain('Approved by <@U0APPROVER1> at 2026-11-23 09:05Z');
    expect(all).toContain(':white_check_mark: 1. Delete access key AKIAI44QH8DHBEXAMPLE');
    const rejected = approvalCard(
      card({
        status: 'rejected',
        decidedBy: 'slack:U0APPROVER1',
        decidedAt: new Date('2026-11-23T09:06:00Z'),
        rejectionReason: `no <!here>`,
      }),
    );
    expect(texts(rejected.blocks).join('\n')).toContain(
      '*Rejected* by <@U0APPROVER1> at 2026-11-23 09:06Z\n>no &lt;!here&gt;',
    );
    const expired = approvalCard(card(), new Date('2026-11-23T10:00:00Z'));
    expect((expired.blocks as any[]).some((b) => b.type === 'actions')).toBe(false);
    expect(decisionNotice(card({ status: 'failed', error: 'AccessDenied' })).text).toContain('AccessDenied');
  });

  it('the reject modal carries the proposal id and asks for a reason', () => {
    const m = rejectModal('prp_0123456789abcdef', { channel: 'C1', ts: '1.2', threadTs: '1.1' }, 'Delete key');
    expect(JSON.parse(m.private_metadata)).toEqual({
      proposalId: 'prp_0123456789abcdef',
      channel: 'C1',
      ts: '1.2',
      threadTs: '1.1',
    });
    expect(m.title.text.length).toBeLessThanOrEqual(LIMITS.modalTitle);
  });

  it('home view stays within limits with many pending proposals', () => {
    const v = homeView({
      allowed: true,
      mode: 'live',
      accounts: 2,
      pending: Array.from({ length: 30 }, () => card()),
      scans: [],
      schedules: [],
      now: new Date('2026-11-23T09:00:00Z'),
    });
    expect(v.blocks.length).toBeLessThanOrEqual(LIMITS.homeBlocks);
    assertLimits(v.blocks.slice(0, 50));
  });
});

describe('text helpers', () => {
  it('splitText never exceeds the limit and loses nothing but whitespace', () => {
    const s = Array.from({ length: 300 }, (_, i) => `word${i} &amp; more`).join(' ');
    const parts = splitText(s, 500);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(500);
    expect(parts.join(' ').replace(/\s+/g, ' ')).toBe(s);
    for (const p of parts) expect(p).not.toMatch(/&(a|am|amp)?$/);
  });

  it('strips the bot mention and unwraps Slack markup from the question', () => {
    expect(
      questionText('<@U0BOT> what did <@U123|carol> do at <https://x.example|x> &amp; <mailto:a@b.c|a@b.c>?', 'U0BOT'),
    ).toBe('what did @U123 do at x & a@b.c?');
  });

  it('"what did I do?" names the asker', () => {
    expect(personalise('What did I do this week?', { email: 'carol@example.com', userId: 'U1' })).toMatch(
      /^What did carol@example.com do this week\?/,
    );
    expect(personalise('what did bob do?', { email: 'carol@example.com', userId: 'U1' })).toBe('what did bob do?');
  });
});
