/**
 * Scores one answered case against its expectations: pure, no I/O. A turn passes when every `must`
 * fact is in the answer, no `mustNot` fact is, every expected tool was called, and no forbidden tool
 * was (propose_* unless the analyst asked for a remediation).
 */
import type { EvalCase, Fact, ToolReq } from './case-schema';

/** Named checks usable as facts. */
export const NAMED_FACTS: Record<string, RegExp> = {
  /** The answer admits a limit: it cannot see or answer this. */
  '@cannot-answer':
    /\b(cannot|can ?not|can't|could not|couldn't|unable to|not able to|no tool|don't have|do not have|not (?:recorded|logged|captured|available|covered|supported|visible|in the evidence)|isn't (?:recorded|logged|covered)|outside (?:the |my )?(?:scope|evidence|window)|no (?:data|visibility|record of)|not something i can|could not map)\b/i,
  /** The answer claims that nothing was found: forbidden where the evidence has activity. */
  '@nothing-found':
    /\b(?:no|0|zero)\s+(?:matching\s+|cloudtrail\s+|recorded\s+)*(?:events?|records?|activity|results?|calls?)\b(?!\s+in\s+(?:us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\d)|\bnothing (?:was )?found\b|\bdid not find any\b|\bfound nothing\b/i,
};

export interface ToolCall {
  name: string;
  input: unknown;
  ok: boolean;
}

export interface TurnOutcome {
  text: string;
  toolCalls: ToolCall[];
}

export interface FactResult {
  fact: string;
  found: boolean;
}

export interface TurnScore {
  ask: string;
  facts: FactResult[];
  forbidden: FactResult[];
  toolsMissing: string[];
  forbiddenToolCalls: string[];
  pass: boolean;
}

export interface CaseScore {
  id: string;
  pass: boolean;
  factsFound: number;
  factsExpected: number;
  forbiddenHits: number;
  toolMisses: number;
  forbiddenToolCalls: number;
  turns: TurnScore[];
}

export function describeFact(f: Fact): string {
  if (typeof f === 'string') return f;
  if ('any' in f) return f.any.join(' | ');
  return `/${f.re}/${f.flags ?? 'i'}`;
}

/** Lower-case, markdown emphasis and code marks removed, whitespace collapsed, thousands separators dropped. */
export function normalise(text: string): string {
  return text
    .replace(/[*_`]/g, '')
    .replace(/(\d),(\d{3})\b/g, '$1$2')
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

export function factFound(f: Fact, text: string): boolean {
  if (typeof f === 'string') {
    if (f.startsWith('@')) {
      const re = NAMED_FACTS[f];
      if (!re) throw new Error(`Unknown named fact "${f}" (known: ${Object.keys(NAMED_FACTS).join(', ')})`);
      return re.test(text);
    }
    return normalise(text).includes(normalise(f));
  }
  if ('any' in f) return f.any.some((a) => factFound(a, text));
  return new RegExp(f.re, f.flags ?? 'i').test(text);
}

function inputMatches(expected: Record<string, unknown>, actual: unknown): boolean {
  if (!actual || typeof actual !== 'object') return false;
  const a = actual as Record<string, unknown>;
  return Object.entries(expected).every(([k, v]) => {
    const got = a[k];
    if (Array.isArray(v))
      return Array.isArray(got) && v.every((x) => got.some((g) => String(g).toLowerCase() === String(x).toLowerCase()));
    if (typeof v === 'string') return typeof got === 'string' && got.toLowerCase() === v.toLowerCase();
    return JSON.stringify(got) === JSON.stringify(v);
  });
}

export function toolReqMet(req: ToolReq, calls: ToolCall[]): boolean {
  if (typeof req === 'string') {
    const names = req.split('|').map((n) => n.trim());
    return calls.some((c) => names.includes(c.name));
  }
  const names = req.tool.split('|').map((n) => n.trim());
  return calls.some((c) => names.includes(c.name) && inputMatches(req.input, c.input));
}

function describeReq(req: ToolReq): string {
  return typeof req === 'string' ? req : `${req.tool} ${JSON.stringify(req.input)}`;
}

export function scoreCase(c: EvalCase, outcomes: TurnOutcome[]): CaseScore {
  if (outcomes.length !== c.turns.length)
    throw new Error(`${c.id}: ${c.turns.length} turn(s) expected, ${outcomes.length} answered`);
  const turns = c.turns.map((t, i): TurnScore => {
    const o = outcomes[i]!;
    const facts = t.must.map((f) => ({ fact: describeFact(f), found: factFound(f, o.text) }));
    const forbidden = t.mustNot.map((f) => ({ fact: describeFact(f), found: factFound(f, o.text) }));
    const toolsMissing = t.tools.filter((r) => !toolReqMet(r, o.toolCalls)).map(describeReq);
    const forbiddenToolCalls = o.toolCalls
      .filter((call) => (!c.remediation && call.name.startsWith('propose_')) || t.forbidTools.includes(call.name))
      .map((call) => call.name);
    return {
      ask: t.ask,
      facts,
      forbidden,
      toolsMissing,
      forbiddenToolCalls,
      pass:
        facts.every((f) => f.found) &&
        !forbidden.some((f) => f.found) &&
        toolsMissing.length === 0 &&
        forbiddenToolCalls.length === 0,
    };
  });
  const sum = (f: (t: TurnScore) => number) => turns.reduce((n, t) => n + f(t), 0);
  return {
    id: c.id,
    pass: turns.every((t) => t.pass),
    factsFound: sum((t) => t.facts.filter((f) => f.found).length),
    factsExpected: sum((t) => t.facts.length),
    forbiddenHits: sum((t) => t.forbidden.filter((f) => f.found).length),
    toolMisses: sum((t) => t.toolsMissing.length),
    forbiddenToolCalls: sum((t) => t.forbiddenToolCalls.length),
    turns,
  };
}
