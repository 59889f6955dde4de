/**
 * Reading an evidence folder: walking it, opening `.json`, `.json.gz`, `.jsonl` and `.jsonl.gz`
 * files as streams, and recognising the CloudTrail export shapes:
 *   - S3 delivery files `{"Records":[…]}`
 *   - a bare JSON array of records
 *   - JSON lines, one record (or one LookupEvents event) per line
 *   - `aws cloudtrail lookup-events` output `{"Events":[{…,"CloudTrailEvent":"<json>"}]}`
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { type CloudTrailRecord, isRecord } from '../../cloudtrail/record';

export const TRAIL_FILE = /\.(json|jsonl|ndjson)(\.gz)?$/i;

export class EvidenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvidenceError';
  }
}

export async function* walk(dir: string): AsyncGenerator<string> {
  let entries;
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

function* recordsOf(value: unknown): Generator<CloudTrailRecord> {
  if (Array.isArray(value)) {
    for (const v of value) yield* recordsOf(v);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const o = value as Record<string, unknown>;
  if (Array.isArray(o.Records)) {
    for (const r of o.Records) if (isRecord(r)) yield r;
    return;
  }
  if (Array.isArray(o.Events)) {
    for (const e of o.Events) yield* recordsOf(e);
    return;
  }
  if (typeof o.CloudTrailEvent === 'string') {
    try {
      const r = JSON.parse(o.CloudTrailEvent);
      if (isRecord(r)) yield r;
    } catch {
      /* a corrupt embedded event is skipped; counted by the caller as unreadable */
    }
    return;
  }
  if (isRecord(o)) yield o;
}

export interface FileStats {
  files: number;
  records: number;
  unreadable: string[];
}

/** Streams every CloudTrail record under `dir` (any depth, any accepted shape). */
export async function* trailRecords(dir: string, stats?: FileStats): AsyncGenerator<CloudTrailRecord> {
  for await (const path of walk(dir)) {
    if (!TRAIL_FILE.test(path)) continue;
    if (stats) stats.files += 1;
    const lines = /\.(jsonl|ndjson)(\.gz)?$/i.test(path);
    try {
      if (lines) {
        const rl = createInterface({ input: openText(path), crlfDelay: Infinity });
        for await (const line of rl) {
          const t = line.trim();
          if (!t) continue;
          let v: unknown;
          try {
            v = JSON.parse(t);
          } catch {
            stats?.unreadable.push(`${path}: a line is not JSON`);
            continue;
          }
          for (const r of recordsOf(v)) {
            if (stats) stats.records += 1;
            yield r;
          }
        }
      } else {
        for (const r of recordsOf(await readJson(path))) {
          if (stats) stats.records += 1;
          yield r;
        }
      }
    } catch (err) {
      stats?.unreadable.push(`${path}: ${(err as Error).message}`);
    }
  }
}

export function assertEvidenceDir(dir: string): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new EvidenceError(`Evidence folder "${dir}" does not exist. Point --evidence at a folder laid out as described in the README (cloudtrail/, iam/, ec2/, …).`);
}
