/**
 * The committed offline baseline (evals/baseline.json) and the comparison that fails CI on a
 * regression: a case that passed now fails, finds fewer facts, states a forbidden fact or calls a
 * forbidden tool it did not before, or the totals drop. Pure; the runner does the file I/O.
 */
import type { CaseScore } from './score';

export interface BaselineEntry {
  pass: boolean;
  facts: [found: number, expected: number];
  forbiddenHits: number;
  forbiddenToolCalls: number;
}

export interface Baseline {
  mode: 'offline';
  /** How to regenerate it. */
  command: string;
  totals: { cases: number; passed: number; factsFound: number; factsExpected: number };
  cases: Record<string, BaselineEntry>;
}

export function totalsOf(scores: CaseScore[]): Baseline['totals'] {
  return {
    cases: scores.length,
    passed: scores.filter((s) => s.pass).length,
    factsFound: scores.reduce((n, s) => n + s.factsFound, 0),
    factsExpected: scores.reduce((n, s) => n + s.factsExpected, 0),
  };
}

export function toBaseline(scores: CaseScore[]): Baseline {
  const cases: Record<string, BaselineEntry> = {};
  for (const s of [...scores].sort((a, b) => a.id.localeCompare(b.id)))
    cases[s.id] = {
      pass: s.pass,
      facts: [s.factsFound, s.factsExpected],
      forbiddenHits: s.forbiddenHits,
      forbiddenToolCalls: s.forbiddenToolCalls,
    };
  return { mode: 'offline', command: 'npm run eval -- --update-baseline', totals: totalsOf(scores), cases };
}

export interface Comparison {
  regressions: string[];
  improvements: string[];
  /** Cases not in the baseline, or baseline cases that no longer exist. */
  notes: string[];
}

export function compareWithBaseline(scores: CaseScore[], base: Baseline): Comparison {
  const regressions: string[] = [];
  const improvements: string[] = [];
  const notes: string[] = [];
  const ids = new Set(scores.map((s) => s.id));
  for (const s of scores) {
    const b = base.cases[s.id];
    if (!b) {
      notes.push(`${s.id}: new case, not in the baseline (${s.pass ? 'passes' : 'fails'})`);
      continue;
    }
    if (b.pass && !s.pass) regressions.push(`${s.id}: passed in the baseline, fails now`);
    else if (!b.pass && s.pass) improvements.push(`${s.id}: now passes`);
    if (s.factsExpected === b.facts[1] && s.factsFound < b.facts[0])
      regressions.push(`${s.id}: facts found dropped from ${b.facts[0]} to ${s.factsFound} of ${s.factsExpected}`);
    else if (s.factsExpected === b.facts[1] && s.factsFound > b.facts[0])
      improvements.push(`${s.id}: facts found rose from ${b.facts[0]} to ${s.factsFound} of ${s.factsExpected}`);
    if (s.forbiddenHits > b.forbiddenHits)
      regressions.push(`${s.id}: states ${s.forbiddenHits} forbidden fact(s), baseline ${b.forbiddenHits}`);
    if (s.forbiddenToolCalls > b.forbiddenToolCalls)
      regressions.push(`${s.id}: ${s.forbiddenToolCalls} forbidden tool call(s), baseline ${b.forbiddenToolCalls}`);
  }
  for (const id of Object.keys(base.cases)) if (!ids.has(id)) notes.push(`${id}: in the baseline but no longer a case`);
  const t = totalsOf(scores.filter((s) => base.cases[s.id]));
  const bt = Object.entries(base.cases)
    .filter(([id]) => ids.has(id))
    .reduce((acc, [, e]) => ({ passed: acc.passed + (e.pass ? 1 : 0), found: acc.found + e.facts[0] }), {
      passed: 0,
      found: 0,
    });
  if (t.passed < bt.passed) regressions.push(`cases passed dropped from ${bt.passed} to ${t.passed}`);
  if (t.factsFound < bt.found) regressions.push(`facts found dropped from ${bt.found} to ${t.factsFound}`);
  return { regressions, improvements, notes };
}
