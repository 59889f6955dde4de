/** Canonical JSON (keys sorted, no whitespace) and its sha256: the binding between approval and execution. */
import { createHash, randomBytes } from 'node:crypto';

export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v ?? null);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

export function paramsHash(v: unknown): string {
  return createHash('sha256').update(canonicalJson(v)).digest('hex');
}

export const PROPOSAL_ID = /^prp_[0-9a-f]{16}$/;

export function newProposalId(): string {
  return `prp_${randomBytes(8).toString('hex')}`;
}
