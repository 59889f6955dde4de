/**
 * Reading an evidence folder: walking it, opening `.json`, `.json.gz`, `.jsonl` and `.jsonl.gz`
 * files as streams (any size, bounded memory), and recognising the CloudTrail export shapes:
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
import { jsonArrayElements } from './json-records';
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
  /** Records (or record-array elements) read, including those a pre-filter skipped unparsed. */
  records: number;
  /** Files skipped from their name alone (another region, delivered before the window). */
  skippedFiles: number;
  unreadable: string[];
}

export function newFileStats(): FileStats {
  return { files: 0, records: 0, skippedFiles: 0, unreadable: [] };
}

export interface TrailReadOptions {
  /** Skip a file from its path alone (region or delivery time outside the query). */
  skipFile?: (path: string) => boolean;
  /**
   * Text every wanted record contains literally (e.g. the access key id being searched): other
   * elements are skipped without JSON.parse. Elements with \u escapes are always parsed.
   */
  mustContain?: string;
}

const MAX_UNREADABLE = 50;

function noteUnreadable(stats: FileStats | undefined, msg: string): void {
  if (!stats) return;
  if (stats.unreadable.length < MAX_UNREADABLE) stats.unreadable.push(msg);
  else if (stats.unreadable.length === MAX_UNREADABLE) stats.unreadable.push('… more unreadable entries not listed');
}

function wanted(text: string, mustContain: string | undefined): boolean {
  return !mustContain || text.includes(mustContain) || text.includes('\\u');
}

/**
 * Streams every CloudTrail record under `dir` (any depth, any accepted shape), in bounded memory:
 * `.json`/`.json.gz` through the streaming splitter (one element at a time, whatever the file
 * size), JSON lines line by line.
 */
export async function* trailRecords(
  dir: string,
  stats?: FileStats,
  opts: TrailReadOptions = {},
): AsyncGenerator<CloudTrailRecord> {
  for await (const path of walk(dir)) {
    if (!TRAIL_FILE.test(path)) continue;
    if (opts.skipFile?.(path)) {
      if (stats) stats.skippedFiles += 1;
      continue;
    }
    if (stats) stats.files += 1;
    const lines = /\.(jsonl|ndjson)(\.gz)?$/i.test(path);
    try {
      const texts = lines ? jsonLines(path) : jsonArrayElements(openText(path));
      let n = 0;
      for await (const text of texts) {
        n += 1;
        if (stats) stats.records += 1;
        if (!wanted(text, opts.mustContain)) continue;
        let v: unknown;
        try {
          v = JSON.parse(text);
        } catch {
          noteUnreadable(stats, `${path}: ${lines ? 'line' : 'element'} ${n} is not valid JSON`);
          continue;
        }
        for (const r of recordsOf(v)) yield r;
      }
    } catch (err) {
      noteUnreadable(stats, `${path}: ${(err as Error).message}`);
    }
  }
}

async function* jsonLines(path: string): AsyncGenerator<string> {
  const rl = createInterface({ input: openText(path), crlfDelay: Infinity });
  for await (const line of rl) {
    const t = line.replace(/^\uFEFF/, '').trim(); // a byte-order mark (Windows exports) is not JSON
    if (t) yield t;
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
