/**
 * The shape of an eval case file (evals/cases/*.json), validated with zod so a typo in a case is a
 * clear error, not a silently skipped expectation.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** A fact: a case-insensitive substring, one of several alternatives, a regular expression, or a named check (`@…`). */
export const factSchema = z.union([
  z.string().min(1),
  z.object({ any: z.array(z.string().min(1)).min(1) }).strict(),
  z.object({ re: z.string().min(1), flags: z.string().optional() }).strict(),
]);
export type Fact = z.infer<typeof factSchema>;

/** A tool the turn must call: a name, `a|b` alternatives, or a name with input fields that must match. */
export const toolReqSchema = z.union([
  z.string().min(1),
  z.object({ tool: z.string().min(1), input: z.record(z.string(), z.unknown()) }).strict(),
]);
export type ToolReq = z.infer<typeof toolReqSchema>;

export const turnSchema = z
  .object({
    ask: z.string().min(1),
    must: z.array(factSchema).default([]),
    mustNot: z.array(factSchema).default([]),
    tools: z.array(toolReqSchema).default([]),
    /** Tools that must not be called in this turn (propose_* are always forbidden unless the case allows remediation). */
    forbidTools: z.array(z.string()).default([]),
  })
  .strict();
export type Turn = z.infer<typeof turnSchema>;

export const SHAPES = [
  'what-did',
  'who-did',
  'from-ip',
  'over-privileged',
  'who-admin',
  'sign-in',
  'risks',
  'identity',
  'follow-up',
  'unanswerable',
  'hostile',
  'remediation',
  'timeline',
] as const;

export const caseSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{2,80}$/),
    /** Evidence folder, relative to the repository root. */
    evidence: z.string().min(1),
    shapes: z.array(z.enum(SHAPES)).min(1),
    /** Why the case exists / where its facts come from (the evidence README section). */
    note: z.string().optional(),
    /** True when the analyst asked for a change: propose_* calls are then allowed. */
    remediation: z.boolean().default(false),
    turns: z.array(turnSchema).min(1),
  })
  .strict();
export type EvalCase = z.infer<typeof caseSchema>;

export const caseFileSchema = z
  .object({ description: z.string().optional(), cases: z.array(caseSchema).min(1) })
  .strict();

/** Every case in a folder of case files, with duplicate ids rejected. */
export function loadCases(dir: string): EvalCase[] {
  const out: EvalCase[] = [];
  const seen = new Set<string>();
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const parsed = caseFileSchema.safeParse(JSON.parse(readFileSync(join(dir, f), 'utf8')));
    if (!parsed.success)
      throw new Error(`${f}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    for (const c of parsed.data.cases) {
      if (seen.has(c.id)) throw new Error(`${f}: duplicate case id "${c.id}"`);
      seen.add(c.id);
      out.push(c);
    }
  }
  return out;
}
