/**
 * The IAM policy language as data (pure), and `decodePolicyDocument`, which accepts every form a
 * policy document arrives in: a JSON object (aws CLI output, evidence files), a JSON string, or
 * URL-encoded (RFC 3986) JSON as IAM's Query API and the SDK v3 return it.
 *
 * Field names inside documents stay exactly as AWS writes them (`Effect`, `Action`, `NotAction`,
 * `Resource`, `NotResource`, `Principal`, `NotPrincipal`, `Condition`). The one normalisation:
 * `Statement` is always an array (a single statement object is wrapped).
 */
export type StringOrList = string | string[];

/** Principal: "*" or { AWS | Service | Federated | CanonicalUser: string | string[] }. */
export type PolicyPrincipal = '*' | Record<string, StringOrList>;

/** Condition: { Operator: { key: value | values } }, e.g. { StringEquals: { "sts:ExternalId": "x" } }. */
export type PolicyCondition = Record<string, Record<string, unknown>>;

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: StringOrList;
  NotAction?: StringOrList;
  Resource?: StringOrList;
  NotResource?: StringOrList;
  Principal?: PolicyPrincipal;
  NotPrincipal?: PolicyPrincipal;
  Condition?: PolicyCondition;
}

export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: PolicyStatement[];
}

export class PolicyDocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyDocumentError';
  }
}

export const EMPTY_POLICY: PolicyDocument = Object.freeze({ Statement: [] }) as PolicyDocument;

/** A string or list field as a list (absent → []). */
export function asList(v: StringOrList | undefined | null): string[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v.map(String) : [String(v)];
}

function parseText(text: string): unknown {
  const t = text.trim();
  if (t.startsWith('{')) return JSON.parse(t);
  // URL-encoded JSON (%7B…). decodeURIComponent leaves '+' alone, as RFC 3986 encoding requires.
  if (/^%7B/i.test(t)) return JSON.parse(decodeURIComponent(t));
  // Some tools encode spaces as '+' (form encoding) — accept that too.
  if (/^%7B/i.test(t.replace(/\+/g, '%20'))) return JSON.parse(decodeURIComponent(t.replace(/\+/g, '%20')));
  throw new PolicyDocumentError('not a JSON or URL-encoded JSON policy document');
}

function normaliseStatement(s: unknown, i: number): PolicyStatement {
  if (!s || typeof s !== 'object' || Array.isArray(s))
    throw new PolicyDocumentError(`Statement[${i}] is not an object`);
  const o = s as Record<string, unknown>;
  const effect = o.Effect;
  if (effect !== 'Allow' && effect !== 'Deny')
    throw new PolicyDocumentError(`Statement[${i}] has Effect ${JSON.stringify(effect)} (expected Allow or Deny)`);
  return o as unknown as PolicyStatement;
}

/** The document as an object and its statements as a list (a single statement object counts as one). */
function documentObject(input: unknown): { o: Record<string, unknown>; list: unknown[] } {
  let value: unknown = input;
  if (typeof value === 'string') {
    try {
      value = parseText(value);
    } catch (err) {
      throw new PolicyDocumentError(`Policy document could not be decoded: ${(err as Error).message}`);
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new PolicyDocumentError('Policy document is not a JSON object');
  const o = value as Record<string, unknown>;
  const raw = o.Statement;
  return { o, list: raw === undefined ? [] : Array.isArray(raw) ? raw : [raw] };
}

/**
 * Decodes a policy document from any accepted form. Throws PolicyDocumentError on malformed input
 * (callers turn it into a snapshot warning naming the policy).
 */
export function decodePolicyDocument(input: unknown): PolicyDocument {
  const { o, list } = documentObject(input);
  const doc: PolicyDocument = { Statement: list.map(normaliseStatement) };
  if (typeof o.Version === 'string') doc.Version = o.Version;
  if (typeof o.Id === 'string') doc.Id = o.Id;
  return doc;
}

export interface LenientDocument {
  document: PolicyDocument;
  /** Statements left out, each named: "Statement[2] has Effect \"Alow\" (expected Allow or Deny)". */
  skipped: string[];
  /** The document had no Statement at all. */
  noStatement: boolean;
}

/**
 * Decodes a document keeping every valid statement: one malformed statement no longer drops the
 * others (a valid iam:CreateAccessKey beside a typo must still count). Throws only when the
 * document itself is unreadable (not JSON, not an object).
 */
export function decodePolicyDocumentLenient(input: unknown): LenientDocument {
  const { o, list } = documentObject(input);
  const skipped: string[] = [];
  const statements: PolicyStatement[] = [];
  list.forEach((st, i) => {
    try {
      statements.push(normaliseStatement(st, i));
    } catch (err) {
      skipped.push((err as Error).message);
    }
  });
  const document: PolicyDocument = { Statement: statements };
  if (typeof o.Version === 'string') document.Version = o.Version;
  if (typeof o.Id === 'string') document.Id = o.Id;
  return { document, skipped, noStatement: o.Statement === undefined };
}

/** AWS's size limits for policy documents, in characters (whitespace not counted). */
export const POLICY_SIZE_LIMITS = {
  userInline: 2048,
  groupInline: 5120,
  roleInline: 10240,
  managed: 6144,
} as const;

/** The document's size as AWS counts it (characters, whitespace outside strings not counted). */
export function policySize(doc: PolicyDocument): number {
  return JSON.stringify(doc).length;
}

/**
 * decodePolicyDocumentLenient that returns null (and reports) when the document is unreadable, and
 * reports each skipped statement and a missing Statement.
 */
export function tryDecodePolicyDocument(
  input: unknown,
  onError: (message: string) => void,
  onSkipped?: (skipped: string[], noStatement: boolean) => void,
): PolicyDocument | null {
  if (input === undefined || input === null || input === '') return null;
  try {
    const d = decodePolicyDocumentLenient(input);
    if (d.skipped.length || d.noStatement) onSkipped?.(d.skipped, d.noStatement);
    return d.document;
  } catch (err) {
    onError((err as Error).message);
    return null;
  }
}
