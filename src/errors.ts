/**
 * Errors a person can act on, shared by every layer. A `UserFacingError`'s message is written for
 * the reader (a person at the CLI, an analyst in Slack, or the model): what went wrong and what to
 * do. Surfaces show it as it is, without "unexpected" and without a stack trace; any other error is
 * a defect and is reported as unexpected. Recognise them with `instanceof UserFacingError`, never
 * by name.
 */
export class UserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A failure the model (or the person at the CLI) can act on; the text says what to do. */
export class ToolError extends UserFacingError {}

/** A schema issue as zod reports it (structural: this module imports nothing). */
export interface SchemaIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: string;
  input?: unknown;
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
  inclusive?: boolean;
  values?: unknown[];
  keys?: string[];
  format?: string;
}

const kindOf = (v: unknown): string =>
  v === undefined ? 'nothing' : v === null ? 'null' : Array.isArray(v) ? 'a list' : `a ${typeof v}`;

/**
 * One schema issue as a sentence fragment a person can act on ("last must look like 24h, 7d or
 * 2w", "max_events must be a number, not a string"): a message written in the schema wins; zod's
 * defaults (which quote raw regexes) are rephrased by code.
 */
export function issueText(i: SchemaIssue): string {
  const field = i.path.map(String).join('.') || 'the input';
  const custom = !/^(Invalid|Too (big|small)|Unrecognized|Expected)\b/.test(i.message);
  if (custom) return /^(must|is|should|cannot)\b/.test(i.message) ? `${field} ${i.message}` : `${field}: ${i.message}`;
  const unit = i.origin === 'string' ? ' characters' : i.origin === 'array' ? ' items' : '';
  switch (i.code) {
    case 'invalid_type': {
      // zod says what it received in the message ("expected number, received string").
      const got = 'input' in i ? kindOf(i.input) : /received (\w+)/.exec(i.message)?.[1];
      const received = got === 'undefined' || got === 'nothing' ? undefined : got;
      if (!received) return `${field} is required`;
      const a = (t: string) =>
        t === 'array' ? 'a list' : t.startsWith('a ') || t === 'null' ? t : /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
      return `${field} must be ${a(String(i.expected))}, not ${a(received)}`;
    }
    case 'too_small':
      return `${field} must be at least ${String(i.minimum)}${unit}`;
    case 'too_big':
      return `${field} must be at most ${String(i.maximum)}${unit}`;
    case 'invalid_value':
      return `${field} must be one of ${(i.values ?? []).map((v) => String(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown field${(i.keys ?? []).length === 1 ? '' : 's'} ${(i.keys ?? []).join(', ')}`;
    case 'invalid_format':
      return `${field} is not in the expected format${i.format && i.format !== 'regex' ? ` (${i.format})` : ''}`;
    default:
      return `${field} is not valid`;
  }
}

/** Every issue, as one sentence ending with one period. */
export function issuesText(what: string, issues: SchemaIssue[]): string {
  return `Invalid input for ${what}: ${issues.map(issueText).join('; ')}.`;
}
