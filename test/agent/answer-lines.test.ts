/** Long answers as lines a person scans: first sentence, then one bullet per fact; nothing lost. */
import { describe, expect, it } from 'vitest';
import { scanLines, sentences } from '../../src/agent/answer-lines';
import { renderAnswer } from '../../src/cli/commands/ask';
import type { AgentAnswer } from '../../src/agent/types';

// A cloudtrail_search summary as the tool writes it (one line of ~700 characters).
const SUMMARY =
  '30 events for source IP 185.220.101.34 from 2026-11-20 10:02Z to 2026-11-23 02:14Z (demo-prod · every region in the folder · 2026-11-16 09:00Z → 2026-11-23 09:00Z). ' +
  'Who: arn:aws:iam::123456789012:user/backup-admin (key AKIAI44QH8DHBEXAMPLE): 16 events; 16 critical/high · arn:aws:iam::123456789012:user/ci-legacy (key AKIAIOSFODNN7EXAMPLE): 14 events; 11 critical/high. ' +
  'Critical/high: 2026-11-20 10:02Z Call from a known-bad network (185.220.101.34 in 185.220.101.0/24 (to… ×8 by ci-legacy; 2026-11-20 10:21Z IAM user created by ci-legacy; 2026-11-20 10:22Z AdministratorAccess attached by ci-legacy. ' +
  '30 threat-tagged event(s), e.g. AdministratorAccess attached (critical, 1). Read 30 events, matched 30.';

const words = (s: string) => s.replace(/[•–·]/g, ' ').split(/\s+/).filter(Boolean);

describe('scanLines', () => {
  it('breaks a long summary into its first sentence, one bullet per sentence and sub-items for long lists', () => {
    const out = scanLines(SUMMARY);
    const lines = out.split('\n');
    expect(lines[0]).toBe(
      '30 events for source IP 185.220.101.34 from 2026-11-20 10:02Z to 2026-11-23 02:14Z (demo-prod · every region in the folder · 2026-11-16 09:00Z → 2026-11-23 09:00Z).',
    );
    expect(lines).toContain('• Who:');
    expect(lines).toContain(
      '    – arn:aws:iam::123456789012:user/backup-admin (key AKIAI44QH8DHBEXAMPLE): 16 events; 16 critical/high',
    );
    expect(lines).toContain('• Critical/high:');
    // The clipped "(to…" does not swallow the rest of the list.
    expect(lines).toContain('    – 2026-11-20 10:21Z IAM user created by ci-legacy');
    // "e.g." does not end a sentence; IP addresses and decimals are not split.
    expect(lines).toContain('• 30 threat-tagged event(s), e.g. AdministratorAccess attached (critical, 1).');
    expect(lines.at(-1)).toBe('• Read 30 events, matched 30.');
    // A 700-character paragraph becomes lines of at most ~one sentence.
    expect(SUMMARY.length).toBeGreaterThan(600);
    for (const l of lines) expect(l.length).toBeLessThan(200);
    // Layout only: every word kept, in order.
    expect(words(out).join(' ').replace(/;/g, '')).toBe(words(SUMMARY).join(' ').replace(/;/g, ''));
  });

  it('leaves short lines, tables, code blocks and "Next:" questions readable as they were', () => {
    const long = `SELECT ${'x, '.repeat(80)}y FROM t. And more. Then another sentence here.`;
    const text = [
      'Short line. Two sentences.',
      '| a | b |',
      '|---|---|',
      `| ${'c'.repeat(200)} | d |`,
      '```',
      long,
      '```',
    ].join('\n');
    expect(scanLines(text)).toBe(text);
    const next = `Next: What did AdminRole do in the last 7 days? (cloudtrail_search) · Which roles are riskiest? (analyze_roles) · How could AdminRole escalate? (privilege_paths)`;
    expect(scanLines(next).split('\n')).toEqual([
      'Next:',
      '  – What did AdminRole do in the last 7 days? (cloudtrail_search)',
      '  – Which roles are riskiest? (analyze_roles)',
      '  – How could AdminRole escalate? (privilege_paths)',
    ]);
  });

  it('keeps a list item marker and indents its further sentences under it', () => {
    const item = `- ${'The access key was used from a Tor exit node. '.repeat(4)}`.trimEnd();
    const lines = scanLines(item).split('\n');
    expect(lines[0]).toBe('- The access key was used from a Tor exit node.');
    expect(lines.slice(1)).toEqual(Array(3).fill('  • The access key was used from a Tor exit node.'));
  });

  it('splits sentences only at a period followed by a space and a capital or digit', () => {
    expect(sentences('From 10.0.0.1 to host.example.com. Then 3 calls. see lower case.')).toEqual([
      'From 10.0.0.1 to host.example.com.',
      'Then 3 calls. see lower case.',
    ]);
  });
});

describe('CLI answer text', () => {
  it('prints a long offline answer as scannable lines, not one paragraph', () => {
    const a: AgentAnswer = {
      text: `Offline mode.\n\n${SUMMARY}`,
      mode: 'offline',
      partial: false,
      toolRuns: [],
      usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
      composed: true,
    };
    const out = renderAnswer(a);
    expect(out).toContain('\n• Who:\n');
    expect(Math.max(...out.split('\n').map((l) => l.length))).toBeLessThan(200);
  });
});
