import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const WIRE = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../fixtures/wire');

/** A wire fixture's text, e.g. wire('sts/assume-role.xml'). */
export function wire(path: string): string {
  return readFileSync(join(WIRE, path), 'utf8');
}

export function wireJson<T = any>(path: string): T {
  return JSON.parse(wire(path)) as T;
}

/** The form fields of an awsQuery request body (STS, IAM). */
export function queryForm(body: unknown): Record<string, string> {
  // nock hands body matchers a parsed object for form bodies, and reply callbacks the raw string.
  if (body && typeof body === 'object') return body as Record<string, string>;
  return Object.fromEntries(new URLSearchParams(String(body ?? '')));
}
