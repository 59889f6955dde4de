/** The baseline comparison that fails CI: a regression is reported, an improvement or a new case is not. */
import { describe, expect, it } from 'vitest';
import { compareWithBaseline, toBaseline } from '../../evals/baseline';
import type { CaseScore } from '../../evals/score';

const score = (id: string, pass: boolean, found: number, expected = 4, extra: Partial<CaseScore> = {}): CaseScore => ({
  id,
  pass,
  factsFound: found,
  factsExpected: expected,
  forbiddenHits: 0,
  toolMisses: 0,
  forbiddenToolCalls: 0,
  turns: [],
  ...extra,
});

describe('compareWithBaseline', () => {
  const base = toBaseline([score('a', true, 4), score('b', false, 2), score('c', false, 1)]);

  it('records totals and the command that regenerates it', () => {
    expect(base.totals).toEqual({ cases: 3, passed: 1, factsFound: 7, factsExpected: 12 });
    expect(base.command).toBe('npm run eval -- --update-baseline');
  });

  it('is clean when nothing changed', () => {
    const cmp = compareWithBaseline([score('a', true, 4), score('b', false, 2), score('c', false, 1)], base);
    expect(cmp).toEqual({ regressions: [], improvements: [], notes: [] });
  });

  it('reports a case that stopped passing, fewer facts, and a new forbidden statement as regressions', () => {
    const cmp = compareWithBaseline(
      [score('a', false, 3), score('b', false, 2, 4, { forbiddenHits: 1 }), score('c', false, 1)],
      base,
    );
    expect(cmp.regressions).toEqual([
      'a: passed in the baseline, fails now',
      'a: facts found dropped from 4 to 3 of 4',
      'b: states 1 forbidden fact(s), baseline 0',
      'cases passed dropped from 1 to 0',
      'facts found dropped from 7 to 6',
    ]);
  });

  it('reports a forbidden propose_* call as a regression', () => {
    const cmp = compareWithBaseline(
      [score('a', true, 4, 4, { forbiddenToolCalls: 1 }), score('b', false, 2), score('c', false, 1)],
      base,
    );
    expect(cmp.regressions).toEqual(['a: 1 forbidden tool call(s), baseline 0']);
  });

  it('lists improvements and new or removed cases without failing', () => {
    const cmp = compareWithBaseline([score('a', true, 4), score('b', true, 4), score('d', false, 0)], base);
    expect(cmp.regressions).toEqual([]);
    expect(cmp.improvements).toEqual(['b: now passes', 'b: facts found rose from 2 to 4 of 4']);
    expect(cmp.notes).toEqual(['d: new case, not in the baseline (fails)', 'c: in the baseline but no longer a case']);
  });
});
