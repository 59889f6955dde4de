/**
 * Reading an evidence folder: walking it, opening `.json`, `.json.gz`, `.jsonl` and `.jsonl.gz`
 * files as streams (any size, bounded memory), reading small JSON files, and what a CloudTrail
 * file's path says about its contents. The CloudTrail record shapes are read by ./trail-records.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { UserFacingError } from '../../errors';

export const TRAIL_FILE = /\.(json|jsonl|ndjson)(\.gz)?$/i;

export class EvidenceError extends UserFacingError {}

export async function* walk(dir: string): AsyncGenerator<string> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile()) yield p;
  }
}

export function openText(path: string): Readable {
  const raw = createReadStream(path);
  return path.toLowerCase().endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
}

async function readAll(path: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of openText(path)) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses a (possibly gzipped) JSON file; a broken file is reported with its path. */
export async function readJson(path: string): Promise<unknown> {
  const text = await readAll(path);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new EvidenceError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
}

/** Reads an optional JSON file of the evidence folder synchronously (small IAM/EC2 files). */
export function readJsonIfExists(path: string): unknown | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new EvidenceError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
}

const REGION = /^(?:[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d)$/;
const REGION_IN_NAME = /(?:^|[_.-])([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d)(?=[_.-])/;
const DELIVERED = /_CloudTrail_[a-z0-9-]+_(\d{8}T\d{4}Z)_/;

/**
 * What a CloudTrail file's path says about its contents: the region (a folder named like a region,
 * as in S3's AWSLogs/<account>/CloudTrail/<region>/…, or a region in the file name) and, for S3
 * delivery files, the delivery time (every record in the file is older than it).
 */
export function fileHints(path: string, root = ''): { region?: string; deliveredAt?: number } {
  const rel = root && path.startsWith(root) ? path.slice(root.length) : path;
  const parts = rel.split(/[\\/]/).filter(Boolean);
  const name = parts.pop() ?? '';
  let region = [...parts].reverse().find((p) => REGION.test(p));
  region ??= REGION_IN_NAME.exec(name)?.[1];
  const d = DELIVERED.exec(name)?.[1];
  const deliveredAt = d
    ? Date.parse(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${d.slice(9, 11)}:${d.slice(11, 13)}:00Z`)
    : undefined;
  return {
    ...(region ? { region } : {}),
    ...(deliveredAt !== undefined && Number.isFinite(deliveredAt) ? { deliveredAt } : {}),
  };
}

export function assertEvidenceDir(dir: string): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new EvidenceError(
      `Evidence folder "${dir}" does not exist. Point --evidence at a folder laid out as described in the README (cloudtrail/, iam/, ec2/, …).`,
    );
}
