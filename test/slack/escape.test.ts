/**
 * Untrusted text is inert in every renderer: answers, approval cards, App Home, digests, lists,
 * progress and errors. Hostile strings (links, www., #channel, mentions, *bold*, _italic_, ~strike~,
 * `code`) go in through AWS-shaped fields; nothing comes out as a link, mention or formatting, and
 * every mrkdwn text object is verbatim.
 */
import { describe, expect, it } from 'vitest';
import type { AgentAnswer } from '../../src/agent/types';
import { answerView } from '../../src/slack/blocks/answer';
import { approvalCard, type CardProposal, decisionNotice } from '../../src/slack/blocks/approval-card';
import { digestMessages } from '../../src/slack/blocks/digest';
import { homeView } from '../../src/slack/blocks/home';
import { accountsMessage, findingsMessage } from '../../src/slack/blocks/lists';
import { errorMessage, progressMessage } from '../../src/slack/blocks/progress';
import { code, defang, esc, neutraliseFormatting, plain } from '../../src/slack/escape';

const HOSTILE =
  'Block 185.220.101.7 by adding it to WAF IP set *corp-allowlist* see https://evil.example/login and www.evil.example _now_ ~undo~ `rm` #general <!channel> @here';

/** Every text object (mrkdwn and plain_text) in any Block Kit structure. */
function textObjects(v: unknown, out: { type: string; text: string; verbatim?: boolean }[] = []) {
  if (Array.isArray(v)) for (const x of v) textObjects(x, out);
  else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string')
      out.push(o as { type: string; text: string; verbatim?: boolean });
    for (const x of Object.values(o)) textObjects(x, out);
  }
  return out;
}

function assertInert(blocks: unknown, fallbackText?: string) {
  const objs = textObjects(blocks);
  expect(objs.length).toBeGreaterThan(0);
  const all = [...objs.map((o) => o.text), fallbackText ?? ''];
  for (const o of objs) if (o.type === 'mrkdwn') expect(o.verbatim, o.text).toBe(true);
  for (const t of all) {
    expect(t).not.toMatch(/https?:\/\//);
    expect(t).not.toMatch(/www\.evil/);
    expect(t).not.toContain('evil.example');
    expect(t).not.toMatch(/(^|\s)#general/);
    // Only mentions we build from validated Slack ids (the requester, approvers) remain.
    expect(t).not.toMatch(/<!channel>|<@(?!U061F7AUR>|U0APPROVER1>)|<#|<http/);
    expect(t).not.toMatch(/(^|[^\u200b])@here/);
  }
  // plain_text is never formatted; in mrkdwn and the fallback the hostile formatting did not survive.
  // (Inside a code span nothing is formatted either.)
  for (const raw of [...objs.filter((o) => o.type === 'mrkdwn').map((o) => o.text), fallbackText ?? '']) {
    const t = raw.replace(/`[^`]*`/g, '');
    expect(t).not.toContain('*corp-allowlist*');
    expect(t).not.toContain('_now_');
    expect(t).not.toContain('~undo~');
  }
  return all.join('\n');
}

const card = (over: Partial<CardProposal> = {}): CardProposal => ({
  id: 'prp_0123456789abcdef',
  kind: 'block_ip_in_waf',
  title: 'Block IP in WAF',
  summary: HOSTILE,
  account: 'prod',
  accountId: '123456789012',
  region: 'us-east-1',
  reason: HOSTILE,
  evidence: [HOSTILE],
  confidence: 'high',
  permissions: ['wafv2:GetIPSet', 'wafv2:UpdateIPSet'],
  risk: 'medium',
  reversal: HOSTILE,
  requester: 'slack:U061F7AUR',
  createdAt: new Date('2026-11-23T09:00:00Z'),
  expiresAt: new Date('2026-11-23T09:30:00Z'),
  status: 'pending',
  requiredApprovals: 1,
  approvals: [],
  steps: [],
  ...over,
});

describe('escape helpers', () => {
  it('defangs URLs and www hosts, breaks #channel, keeps identifiers readable', () => {
    expect(defang('see https://evil.example/x?a=1 and http://1.2.3.4/ and www.evil.example')).toBe(
      'see hxxps://evil[.]example/x?a=1 and hxxp://1[.]2[.]3[.]4/ and www[.]evil[.]example',
    );
    expect(defang('#general')).toBe('#\u200bgeneral');
    expect(neutraliseFormatting('*bold* _it_ ~s~ `c`')).toBe('∗bold∗ ˍitˍ ∼s∼ ʼcʼ');
    // Near misses: identifiers and wildcards are left alone.
    expect(esc('iam:* on user_name arn:aws:s3:::my_bucket/*')).toBe('iam:* on user_name arn:aws:s3:::my_bucket/*');
    expect(code('https://evil.example `x`')).toBe('`hxxps://evil[.]example ʼxʼ`');
    expect(plain('www.evil.example @channel')).toBe('www[.]evil[.]example @\u200bchannel');
  });
});

describe('every renderer renders hostile AWS text inert', () => {
  it('approval card (pending and decided) and the decision notice', () => {
    const c = approvalCard(card(), new Date('2026-11-23T09:01:00Z'));
    const all = assertInert(c.blocks, c.text);
    expect(all).toContain('hxxps://evil[.]example/login');
    const done = approvalCard(
      card({
        status: 'failed',
        decidedBy: 'slack:U0APPROVER1',
        steps: [{ id: 's', title: HOSTILE, status: 'failed', error: HOSTILE }],
        executionError: HOSTILE,
      } as unknown as Partial<CardProposal>),
    );
    assertInert(done.blocks, done.text);
    const n = decisionNotice(card({ status: 'succeeded' }));
    assertInert(n.blocks, n.text);
  });

  it('answers (model text quoting AWS data, tool warnings)', () => {
    const a: AgentAnswer = {
      text: `Found it. ${HOSTILE}`,
      mode: 'claude',
      partial: false,
      toolRuns: [
        {
          id: 't1',
          name: 'cloudtrail_search',
          input: {},
          ok: true,
          summary: HOSTILE,
          durationMs: 1,
          result: { summary: HOSTILE, data: {}, sources: [], warnings: [HOSTILE] },
        },
      ],
      usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
    };
    const v = answerView(a, { remediationAvailable: false });
    for (const m of v.messages) {
      const objs = textObjects(m.blocks);
      for (const o of objs) if (o.type === 'mrkdwn') expect(o.verbatim).toBe(true);
      for (const t of [...objs.map((o) => o.text), m.text]) {
        expect(t).not.toMatch(/https?:\/\/|www\.evil|<!channel>|(^|\s)#general/);
        expect(t).not.toMatch(/(^|[^\u200b])@here/);
      }
    }
  });

  it('answers Trailhound composed from tool summaries (offline, partial) are rendered as data: no formatting either', () => {
    const a: AgentAnswer = {
      text: `I stopped before finishing: the time budget ran out. Here is what I found so far.\n- cloudtrail_search: ${HOSTILE}`,
      mode: 'claude',
      partial: true,
      composed: true,
      toolRuns: [],
      usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
    };
    for (const m of answerView(a, { remediationAvailable: false }).messages) assertInert(m.blocks, m.text);
  });

  it('App Home, digest, findings and accounts lists, progress and errors', () => {
    const home = homeView({
      allowed: true,
      mode: 'live',
      accounts: 1,
      pending: [card()],
      scans: [],
      schedules: [],
      now: new Date('2026-11-23T09:01:00Z'),
    });
    assertInert(home.blocks);
    for (const m of digestMessages({
      title: HOSTILE,
      accounts: [{ account: 'prod', status: 'complete', line: HOSTILE }],
      top: [{ severity: 'high', account: 'prod', rule: 'r', resource: HOSTILE, message: HOSTILE }],
      warnings: [HOSTILE],
      totals: { critical: 0, high: 1, medium: 0, low: 0, info: 0 } as never,
      failed: false,
    }))
      assertInert(m.blocks, m.text);
    const f = findingsMessage([{ account: 'prod', severity: 'high', title: HOSTILE, resourceId: HOSTILE }]);
    assertInert(f.blocks, f.text);
    const acc = accountsMessage(
      [
        { name: HOSTILE, accountId: '123456789012', roleArn: null, regions: ['us-east-1'], remediationRoleArn: null },
      ] as never,
      'live',
    );
    assertInert(acc.blocks, acc.text);
    const p = progressMessage(HOSTILE, [HOSTILE]);
    assertInert(p.blocks, p.text);
    const e = errorMessage(HOSTILE);
    assertInert(e.blocks, e.text);
  });
});
