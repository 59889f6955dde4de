/** The eval scorer: a case whose answer lacks a fact, states a forbidden one, or calls the wrong tool must fail. */
import { describe, expect, it } from 'vitest';
import { caseSchema, type EvalCase } from '../../evals/case-schema';
import { factFound, NAMED_FACTS, normalise, scoreCase, toolReqMet } from '../../evals/score';

const mk = (over: Record<string, unknown>): EvalCase =>
  caseSchema.parse({ id: 'test-case', evidence: 'evidence/demo', shapes: ['what-did'], ...over });

const keyCase = mk({
  turns: [
    {
      ask: 'what did AKIAIOSFODNN7EXAMPLE do?',
      must: ['185.220.101.34', { any: ['Tor', 'onion router'] }, { re: 'Create(User|AccessKey)' }],
      mustNot: ['@nothing-found', 'bob'],
      tools: [{ tool: 'cloudtrail_search', input: { access_key_id: 'AKIAIOSFODNN7EXAMPLE' } }],
    },
  ],
});
const search = { name: 'cloudtrail_search', input: { access_key_id: 'AKIAIOSFODNN7EXAMPLE', last: '7d' }, ok: true };
const good = 'The key was used from the **Tor** exit `185.220.101.34` to call CreateUser.';

describe('scoreCase', () => {
  it('passes an answer with every fact, no forbidden fact and the expected tool call', () => {
    const s = scoreCase(keyCase, [{ text: good, toolCalls: [search] }]);
    expect(s.pass).toBe(true);
    expect([s.factsFound, s.factsExpected]).toEqual([3, 3]);
  });

  it('fails when a required fact is missing', () => {
    const s = scoreCase(keyCase, [{ text: 'The key was used from 185.220.101.34.', toolCalls: [search] }]);
    expect(s.pass).toBe(false);
    expect(s.factsFound).toBe(1);
    expect(s.turns[0]!.facts.filter((f) => !f.found).map((f) => f.fact)).toEqual([
      'Tor | onion router',
      '/Create(User|AccessKey)/i',
    ]);
  });

  it('fails on a false "no events" and on a wrong principal', () => {
    const falseEmpty = scoreCase(keyCase, [
      { text: `${good} No CloudTrail events for it in eu-central.`, toolCalls: [search] },
    ]);
    expect(falseEmpty.pass).toBe(false);
    expect(falseEmpty.forbiddenHits).toBe(1);
    const wrong = scoreCase(keyCase, [{ text: `${good} It belongs to bob.`, toolCalls: [search] }]);
    expect(wrong.pass).toBe(false);
    expect(wrong.turns[0]!.forbidden.find((f) => f.found)?.fact).toBe('bob');
  });

  it('fails when the expected tool was not called, or called with another input', () => {
    expect(scoreCase(keyCase, [{ text: good, toolCalls: [] }]).turns[0]!.toolsMissing).toHaveLength(1);
    const other = { ...search, input: { access_key_id: 'AKIAI44QH8DHBEXAMPLE' } };
    expect(scoreCase(keyCase, [{ text: good, toolCalls: [other] }]).pass).toBe(false);
  });

  it('forbids propose_* unless the analyst asked for a remediation', () => {
    const propose = { name: 'propose_delete_access_key', input: {}, ok: false };
    const s = scoreCase(keyCase, [{ text: good, toolCalls: [search, propose] }]);
    expect(s.pass).toBe(false);
    expect(s.turns[0]!.forbiddenToolCalls).toEqual(['propose_delete_access_key']);
    const asked = scoreCase({ ...keyCase, remediation: true }, [{ text: good, toolCalls: [search, propose] }]);
    expect(asked.pass).toBe(true);
  });

  it('scores every turn of a follow-up conversation', () => {
    const c = mk({
      shapes: ['follow-up'],
      turns: [
        { ask: 'who created backup-admin?', must: ['ci-legacy'] },
        { ask: 'what did that user do?', must: ['GetSecretValue'], tools: ['cloudtrail_search|map_identity'] },
      ],
    });
    const first = { text: 'ci-legacy did.', toolCalls: [search] };
    expect(scoreCase(c, [first, { text: 'It called GetSecretValue.', toolCalls: [] }]).pass).toBe(false);
    expect(
      scoreCase(c, [first, { text: 'It called GetSecretValue.', toolCalls: [{ ...search, name: 'map_identity' }] }])
        .pass,
    ).toBe(true);
    expect(() => scoreCase(c, [first])).toThrow(/2 turn\(s\) expected, 1 answered/);
  });
});

describe('facts', () => {
  it('normalises markdown, case, whitespace and thousands separators', () => {
    expect(normalise('**Read 1,234\n events**')).toBe('read 1234 events');
    expect(factFound('1234 events', 'Read 1,234 events')).toBe(true);
    expect(factFound('AdministratorAccess', 'attached `administratoraccess`')).toBe(true);
  });

  it('names the checks for "cannot answer" and "nothing found"', () => {
    expect(factFound('@cannot-answer', 'Lambda data events are not recorded by this trail, so I cannot tell.')).toBe(
      true,
    );
    expect(factFound('@cannot-answer', 'The function was invoked 12 times.')).toBe(false);
    expect(NAMED_FACTS['@nothing-found']!.test('No CloudTrail events for 203.0.113.77 in shop-data')).toBe(true);
    expect(NAMED_FACTS['@nothing-found']!.test('0 matching events.')).toBe(true);
    expect(NAMED_FACTS['@nothing-found']!.test('There were no events in eu-west-1; us-east-1 had 30.')).toBe(false);
    expect(NAMED_FACTS['@nothing-found']!.test('3 failed calls (AccessDenied 2)')).toBe(false);
    expect(() => factFound('@no-such-check', 'x')).toThrow(/Unknown named fact/);
  });

  it('matches tool requirements by alternatives and input fields', () => {
    const calls = [{ name: 'cloudtrail_search', input: { event_names: ['StopLogging', 'DeleteTrail'] }, ok: true }];
    expect(toolReqMet('analyze_roles|cloudtrail_search', calls)).toBe(true);
    expect(toolReqMet('analyze_roles|privilege_paths', calls)).toBe(false);
    expect(toolReqMet({ tool: 'cloudtrail_search', input: { event_names: ['stoplogging'] } }, calls)).toBe(true);
    expect(toolReqMet({ tool: 'cloudtrail_search', input: { event_names: ['PutEventSelectors'] } }, calls)).toBe(false);
  });
});
